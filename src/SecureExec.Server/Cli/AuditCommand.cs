using System.CommandLine;
using SecureExec.Core.Audit;
using SecureExec.Server.Audit;

namespace SecureExec.Server.Cli;

/// <summary>
/// <c>audit verify</c> (the server's stored log), <c>audit verify --file PATH</c> (a JSON Lines export) and
/// <c>audit export [--since] [--until] [--output FILE]</c>. Exit codes: 0 intact (or exported), 1 broken, 2 the store,
/// file or arguments could not be used. Unknown <c>--SecureExec:...=value</c> options configure the store as for serve.
/// </summary>
internal static class AuditCommand
{
    public const int Intact = 0;
    public const int Broken = 1;
    public const int Unusable = 2;

    public static Command Build()
    {
        var file = new Option<string?>("--file") { Description = "Verify this JSON Lines export instead of the server's database." };
        var partial = new Option<bool>("--partial")
        {
            Description = "With --file: the export may start after entry 1 (a time window); its first entry anchors the chain.",
        };
        var verify = new Command("verify", "Recompute the audit log's hash chain; print the first broken entry.") { file, partial };
        verify.TreatUnmatchedTokensAsErrors = false;
        verify.SetAction((result, cancellationToken) => result.GetValue(file) is { } path
            ? Task.FromResult(AuditFileCheck.Verify(path, result.GetValue(partial), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error))
            : VerifyStoreAsync([.. result.UnmatchedTokens], result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));

        var since = new Option<string?>("--since") { Description = "Export from the first entry at or after this time (ISO 8601 with a zone)." };
        var until = new Option<string?>("--until") { Description = "Export up to the last entry before this time (ISO 8601 with a zone)." };
        var output = new Option<string?>("--output") { Description = "Write to this new file (created owner-only) instead of standard output." };
        var export = new Command("export", "Write the audit log as JSON Lines with hashes, verifiable offline with audit verify --file.")
        {
            since, until, output,
        };
        export.TreatUnmatchedTokensAsErrors = false;
        export.SetAction((result, cancellationToken) => AuditExportCommand.RunAsync(
            [.. result.UnmatchedTokens], result.GetValue(since), result.GetValue(until), result.GetValue(output),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));

        return new Command("audit", "Verify and export the audit log.") { verify, export };
    }

    public static async Task<int> VerifyStoreAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        await using var store = await AuditStore.OpenAsync(args, errors, cancellationToken);
        if (store is null)
        {
            return Unusable;
        }

        var result = await store.Services.GetRequiredService<AuditLogVerifier>().VerifyAsync(store.Db, cancellationToken);
        return Report(store.Location, result, output);
    }

    /// <summary>One line for an intact log; for a broken one the first break's sequence and kind, then why.</summary>
    public static int Report(string source, AuditVerification result, TextWriter output)
    {
        if (result.Break is not { } broken)
        {
            output.WriteLine($"{source}: intact: {result.EntriesVerified} entries verified, head {result.Head.Count} {result.Head.Hash}");
            return Intact;
        }

        output.WriteLine($"{source}: BROKEN at entry {broken.Sequence}: {broken.Kind}");
        output.WriteLine($"  {broken.Message}");
        output.WriteLine($"  {result.EntriesVerified} entries verified before it, up to {result.Head.Count} {result.Head.Hash}");
        return Broken;
    }
}
