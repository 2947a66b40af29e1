using SecureExec.Core.Audit;

namespace SecureExec.Server.Cli;

/// <summary>
/// <c>audit verify --file</c>: reads a JSON Lines export strictly, line by line (each line must be an entry in its
/// exact canonical form, so any changed byte is found), and recomputes the chain as it goes.
/// </summary>
internal static class AuditFileCheck
{
    public static int Verify(string path, bool partial, TextWriter output, TextWriter errors)
    {
        if (!File.Exists(path))
        {
            errors.WriteLine($"secureexec: {path}: no such file");
            return AuditCommand.Unusable;
        }

        var reader = new LineReader(path);
        AuditVerification result;
        try
        {
            using var entries = reader.Entries().GetEnumerator();
            var first = entries.MoveNext() ? entries.Current : null;
            var anchor = partial && first is not null ? new AuditChainHead(first.Sequence - 1, first.PreviousHash) : AuditChainHead.Empty;
            result = new AuditVerifier().VerifyFrom(anchor, Rest(first, entries));
        }
        catch (IOException e)
        {
            errors.WriteLine($"secureexec: {path}: {e.Message}");
            return AuditCommand.Unusable;
        }

        if (reader.Malformed is { } malformed && result.IsIntact)
        {
            output.WriteLine($"{path}: BROKEN at line {malformed.Line}: not an audit entry in canonical form: {malformed.Why}");
            output.WriteLine($"  {result.EntriesVerified} entries verified before it, up to {result.Head.Count} {result.Head.Hash}");
            return AuditCommand.Broken;
        }

        if (partial && result.IsIntact && result.EntriesVerified > 0)
        {
            output.WriteLine($"{path}: a partial export: its first entry's link to the entry before it is taken as given");
        }

        return AuditCommand.Report(path, result, output);
    }

    private static IEnumerable<AuditEntry> Rest(AuditEntry? first, IEnumerator<AuditEntry> entries)
    {
        if (first is null)
        {
            yield break;
        }

        yield return first;
        while (entries.MoveNext())
        {
            yield return entries.Current;
        }
    }

    /// <summary>Yields entries until the first line that is not one, and remembers which line that was.</summary>
    private sealed class LineReader(string path)
    {
        public (long Line, string Why)? Malformed { get; private set; }

        public IEnumerable<AuditEntry> Entries()
        {
            long number = 0;
            foreach (var line in File.ReadLines(path))
            {
                number++;
                var entry = Parse(line, out var why);
                if (entry is null)
                {
                    Malformed = (number, why!);
                    yield break;
                }

                yield return entry;
            }
        }

        private static AuditEntry? Parse(string line, out string? why)
        {
            why = null;
            try
            {
                var entry = AuditExport.ParseEntry(line);
                if (AuditExport.ToJsonLine(entry) != line)
                {
                    why = "the line is not written exactly as the export writes it";
                    return null;
                }

                return entry;
            }
            catch (FormatException e)
            {
                why = e.Message;
                return null;
            }
            catch (ArgumentException e)
            {
                why = e.Message;
                return null;
            }
        }
    }
}
