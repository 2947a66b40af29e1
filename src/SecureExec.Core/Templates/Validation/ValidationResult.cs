namespace SecureExec.Core.Templates.Validation;

/// <summary>The outcome of validating one request against one template.</summary>
public sealed class ValidationResult
{
    private ValidationResult(ValidatedRequest? request, IReadOnlyList<ParameterError> errors)
    {
        Request = request;
        Errors = errors;
    }

    /// <summary>Set when every value passed: the values and the argv to run.</summary>
    public ValidatedRequest? Request { get; }

    /// <summary>One entry per failing parameter, in declaration order, unknown parameters last.</summary>
    public IReadOnlyList<ParameterError> Errors { get; }

    public bool IsValid => Request is not null;

    /// <summary>Some refused value carried shell syntax, control characters, traversal or an option: audit and count it.</summary>
    public bool IsInjectionAttempt => Errors.Any(e => e.IsInjectionAttempt);

    internal static ValidationResult Success(ValidatedRequest request) => new(request, []);

    internal static ValidationResult Failure(IReadOnlyList<ParameterError> errors) => new(null, errors);
}

/// <summary>A request that passed validation: the values by parameter name and the exact argv to execute.</summary>
public sealed record ValidatedRequest(
    CommandTemplate Template,
    IReadOnlyDictionary<string, ValidatedValue> Values,
    IReadOnlyList<string> Argv)
{
    public const string Mask = "***";

    /// <summary>The values as they may be logged or audited: sensitive ones masked.</summary>
    public IReadOnlyDictionary<string, string> ValuesForLog() =>
        Values.ToDictionary(
            kv => kv.Key,
            kv => Template.FindParameter(kv.Key)?.Sensitive == true ? Mask : kv.Value.Text,
            StringComparer.Ordinal);

    /// <summary>The argv as it may be logged: elements holding a sensitive value masked.</summary>
    public IReadOnlyList<string> ArgvForLog() => ArgvRenderer.Render(Template, Values, maskSensitive: true);
}
