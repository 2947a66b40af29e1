using System.Text.Json;
using SecureExec.Server.Auth.Accounts;

namespace SecureExec.Server.Cli;

/// <summary>How the administration subcommands report: refusals one line per rule on standard error (exit 1).</summary>
internal static class AdminOutput
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static int Refused(AdminSession session, string command, AccountFailure failure)
    {
        foreach (var line in failure.Lines())
        {
            session.Errors.WriteLine($"{command}: {line}");
        }

        return AdminHost.UsageError;
    }

    public static void WriteJson<T>(TextWriter writer, T value) => writer.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>A password or secret given on standard input: everything read, without the final line break.</summary>
    public static string? ReadSecretFromStdin()
    {
        var text = global::System.Console.In.ReadToEnd();
        return text.Length == 0 ? null : text.TrimEnd('\n').TrimEnd('\r');
    }

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
