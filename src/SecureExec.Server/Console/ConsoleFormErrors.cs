using SecureExec.Server.Auth.Accounts;

namespace SecureExec.Server.Console;

/// <summary>
/// An administration service's refusal as a console form shows it: each field's messages beside the field (linked
/// with <c>aria-describedby</c>, the field marked <c>aria-invalid</c>), and refusals about the account as a whole
/// (not found, conflicts such as the last administrator) as one alert.
/// </summary>
internal sealed class ConsoleFormErrors
{
    private readonly IReadOnlyDictionary<string, string[]> _fields;

    private ConsoleFormErrors(IReadOnlyDictionary<string, string[]> fields, string? alert)
    {
        _fields = fields;
        Alert = alert;
    }

    public static ConsoleFormErrors None { get; } = new(new Dictionary<string, string[]>(), null);

    /// <summary>The message for the whole form, or null.</summary>
    public string? Alert { get; }

    public bool Any => Alert is not null || _fields.Count > 0;

    public static ConsoleFormErrors Of(AccountFailure failure) => failure.Kind == AccountFailureKind.Invalid
        ? new ConsoleFormErrors(failure.Errors, "Please correct the fields marked below.")
        : new ConsoleFormErrors(new Dictionary<string, string[]>(), Sentence(string.Join("; ", failure.Errors.SelectMany(e => e.Value))));

    public string[] For(string field) => _fields.TryGetValue(field, out var messages) ? messages : [];

    /// <summary><c>aria-invalid</c> and <c>aria-describedby</c> for the input of <paramref name="field"/> when it has errors.</summary>
    public Dictionary<string, object> Attributes(string field, string errorId) => _fields.ContainsKey(field)
        ? new Dictionary<string, object> { ["aria-invalid"] = "true", ["aria-describedby"] = errorId }
        : [];

    private static string Sentence(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..] + (text.EndsWith('.') ? "" : ".");
}
