namespace SecureExec.Core.Configuration;

/// <summary>Suggests the known name closest to a misspelt one, when it is close enough to be the likely intent.</summary>
internal static class DidYouMean
{
    public static string? Closest(string name, IEnumerable<string> known)
    {
        var best = known.Select(k => (Key: k, Distance: EditDistance(name, k))).MinBy(x => x.Distance);
        return best.Key is not null && best.Distance <= Math.Max(2, name.Length / 3) ? best.Key : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
