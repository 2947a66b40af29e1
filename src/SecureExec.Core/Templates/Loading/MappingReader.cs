using SecureExec.Core.Templates.Yaml;

namespace SecureExec.Core.Templates.Loading;

/// <summary>
/// Reads one YAML mapping against the keys it may hold: duplicate and unknown keys are errors (with a suggestion),
/// never silently dropped.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, KeyValuePair<YamlScalarNode, YamlTreeNode>> _entries = new(StringComparer.Ordinal);

    private MappingReader(YamlMappingNode node, IReadOnlyCollection<string> knownKeys, string where, LoadContext context)
    {
        Node = node;
        foreach (var entry in node.Entries)
        {
            var key = entry.Key.Value;
            if (!knownKeys.Contains(key))
            {
                var hint = Suggest(key, knownKeys);
                context.Error(entry.Key, CatalogErrorCodes.UnknownKey,
                    $"unknown key '{key}' in {where}" + (hint is null ? $"; known keys: {string.Join(", ", knownKeys)}" : $" (did you mean '{hint}'?)"));
            }
            else if (!_entries.TryAdd(key, entry))
            {
                context.Error(entry.Key, CatalogErrorCodes.Duplicate, $"key '{key}' appears twice in {where}");
            }
        }
    }

    public YamlMappingNode Node { get; }

    public static MappingReader? Open(YamlTreeNode? node, IReadOnlyCollection<string> knownKeys, string where, LoadContext context)
    {
        if (node is YamlMappingNode mapping)
        {
            return new MappingReader(mapping, knownKeys, where, context);
        }

        if (node is not null && !(node is YamlScalarNode { IsNull: true }))
        {
            context.Error(node, CatalogErrorCodes.WrongKind, $"{where} must be a mapping, not {node.KindName}");
        }

        return null;
    }

    public YamlTreeNode? this[string key] => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

    public YamlScalarNode? KeyOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : null;

    public bool Has(string key) => _entries.ContainsKey(key);

    private static string? Suggest(string key, IEnumerable<string> knownKeys)
    {
        var best = knownKeys.Select(k => (Key: k, Distance: EditDistance(key, k))).MinBy(x => x.Distance);
        return best.Key is not null && best.Distance <= Math.Max(2, key.Length / 3) ? best.Key : null;
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
