namespace SecureExec.Core.Templates;

/// <summary>The approved templates, loaded and checked once. Immutable and safe to share between threads.</summary>
public sealed class TemplateCatalog
{
    private readonly Dictionary<string, CommandTemplate> _byName;

    public TemplateCatalog(string source, string contentSha256, IReadOnlyList<CommandTemplate> templates)
    {
        Source = source;
        ContentSha256 = contentSha256;
        Templates = templates;
        _byName = templates.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The file the catalog was loaded from.</summary>
    public string Source { get; }

    /// <summary>SHA-256 of the file's bytes, hex: names exactly which catalog a job ran under.</summary>
    public string ContentSha256 { get; }

    /// <summary>Templates in file order.</summary>
    public IReadOnlyList<CommandTemplate> Templates { get; }

    public CommandTemplate? Find(string name) => _byName.GetValueOrDefault(name);

    public IEnumerable<string> Categories => Templates.Select(t => t.Category).Distinct(StringComparer.Ordinal);
}
