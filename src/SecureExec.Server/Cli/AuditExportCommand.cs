using System.Text;
using SecureExec.Core.Audit;
using SecureExec.Server.Audit;

namespace SecureExec.Server.Cli;

/// <summary>
/// <c>audit export</c>: the stored log, or a time window of it, as JSON Lines. The export is recorded as
/// <c>audit.exported</c> (via <c>cli</c>, with the operating-system user) before it is written.
/// </summary>
internal static class AuditExportCommand
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task<int> RunAsync(
        string[] args, string? since, string? until, string? outputPath, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var window = new AuditLogFilter();
        foreach (var (name, text) in new[] { ("--since", since), ("--until", until) })
        {
            if (text is null)
            {
                continue;
            }

            if (!AuditTime.TryParse(text, out var time))
            {
                await errors.WriteLineAsync($"secureexec: {name} must be {AuditTime.Rule}");
                return AuditCommand.Unusable;
            }

            window = name == "--since" ? window with { SinceMicros = AuditTime.ToMicros(time) } : window with { UntilMicros = AuditTime.ToMicros(time) };
        }

        if (window.SinceMicros >= window.UntilMicros)
        {
            await errors.WriteLineAsync("secureexec: --until must be later than --since");
            return AuditCommand.Unusable;
        }

        await using var store = await AuditStore.OpenAsync(args, errors, cancellationToken);
        if (store is null)
        {
            return AuditCommand.Unusable;
        }

        FileStream? file = null;
        if (outputPath is not null)
        {
            try
            {
                file = new FileStream(outputPath, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException e)
            {
                await errors.WriteLineAsync($"secureexec: cannot create {outputPath}: {e.Message}");
                return AuditCommand.Unusable;
            }
            catch (UnauthorizedAccessException e)
            {
                await errors.WriteLineAsync($"secureexec: cannot create {outputPath}: {e.Message}");
                return AuditCommand.Unusable;
            }
        }

        await using (file)
        {
            var db = store.Db;
            var range = await AuditExportWriter.RangeAsync(db, window, cancellationToken);
            var details = AuditExportWriter.Details(range, window, "cli");
            details["os_user"] = Environment.UserName;
            await store.Services.GetRequiredService<AuditWriter>().SaveAsync(
                db, new AuditContent { Action = AuditActions.AuditExported, Outcome = AuditOutcomes.Success, Details = details }, cancellationToken);

            long count;
            if (file is null)
            {
                count = await AuditExportWriter.WriteAsync(db, range, output, cancellationToken);
            }
            else
            {
                await using var writer = new StreamWriter(file, Utf8);
                count = await AuditExportWriter.WriteAsync(db, range, writer, cancellationToken);
                await errors.WriteLineAsync($"secureexec: {count} entries written to {outputPath}");
            }

            return AuditCommand.Intact;
        }
    }
}
