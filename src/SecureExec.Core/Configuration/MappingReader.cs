
namespace SecureExec.Core.Configuration;

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
                var hint = DidYouMean.Closest(key, knownKeys);
                context.Error(entry.Key, context.Codes.UnknownKey,
                    $"unknown key '{key}' in {where}" + (hint is null ? $"; known keys: {string.Join(", ", knownKeys)}" : $" (did you mean '{hint}'?)"));
            }
            else if (!_entries.TryAdd(key, entry))
            {
                context.Error(entry.Key, context.Codes.Duplicate, $"key '{key}' appears twice in {where}");
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
            context.Error(node, context.Codes.WrongKind, $"{where} must be a mapping, not {node.KindName}");
        }

        return null;
    }

    public YamlTreeNode? this[string key] => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

    public YamlScalarNode? KeyOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : null;

    public bool Has(string key) => _entries.ContainsKey(key);
}
