using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecureExec.Core.Configuration;

/// <summary>
/// Reads one YAML document into a <see cref="YamlTreeNode"/> tree with positions, keeping duplicate keys,
/// so that every later error can name its line and column.
/// </summary>
internal static class YamlTreeReader
{
    public sealed class YamlSyntaxException(SourcePosition position, string message) : Exception(message)
    {
        public SourcePosition Position { get; } = position;
    }

    /// <summary>Returns the document's root, or null for an empty document.</summary>
    public static YamlTreeNode? Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YamlTreeNode>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = parser.Accept<DocumentEnd>(out _) ? null : ReadNode(parser, anchors);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                throw new YamlSyntaxException(PositionOf(parser.Current!.Start), "the file holds one YAML document; found a second one");
            }

            return root;
        }
        catch (YamlException e)
        {
            throw new YamlSyntaxException(PositionOf(e.Start), Flatten(e.Message));
        }
        catch (InvalidOperationException)
        {
            // The scanner gives up on some malformed input without a YamlException; report where it stood.
            var at = parser.Current?.End ?? Mark.Empty;
            throw new YamlSyntaxException(PositionOf(at), "malformed YAML after this point (check indentation and brackets)");
        }
    }

    private static YamlTreeNode ReadNode(IParser parser, Dictionary<string, YamlTreeNode> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new YamlSyntaxException(PositionOf(alias.Start), $"alias '*{alias.Value}' names no anchor defined before it");
        }

        YamlTreeNode node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            RefuseTag(scalar.Tag, scalar.Start, allowString: true);
            var isPlain = scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty;
            var isQuoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;
            node = new YamlScalarNode(PositionOf(scalar.Start), scalar.Value, isPlain, isQuoted);
            anchor = scalar.Anchor;
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            RefuseTag(sequenceStart.Tag, sequenceStart.Start, allowString: false);
            var items = new List<YamlTreeNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, anchors));
            }

            node = new YamlSequenceNode(PositionOf(sequenceStart.Start), items);
            anchor = sequenceStart.Anchor;
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            RefuseTag(mappingStart.Tag, mappingStart.Start, allowString: false);
            var entries = new List<KeyValuePair<YamlScalarNode, YamlTreeNode>>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyStart = parser.Current!.Start;
                if (ReadNode(parser, anchors) is not YamlScalarNode key)
                {
                    throw new YamlSyntaxException(PositionOf(keyStart), "a mapping key must be a plain name, not a list or mapping");
                }

                entries.Add(new(key, ReadNode(parser, anchors)));
            }

            node = new YamlMappingNode(PositionOf(mappingStart.Start), entries);
            anchor = mappingStart.Anchor;
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }

    private static void RefuseTag(TagName tag, Mark start, bool allowString)
    {
        if (tag.IsEmpty || tag.IsNonSpecific || (allowString && tag.Value == "tag:yaml.org,2002:str"))
        {
            return;
        }

        throw new YamlSyntaxException(PositionOf(start), $"YAML tag '{tag.Value}' is not supported here; write the value plainly");
    }

    private static SourcePosition PositionOf(Mark mark) => new((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static string Flatten(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the position is reported separately.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }
}
