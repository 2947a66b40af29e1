using SecureExec.Core.Templates.Yaml;

namespace SecureExec.Core.Templates.Loading;

/// <summary>Collects every error of one load, so that all are reported at once.</summary>
internal sealed class LoadContext(string file)
{
    private readonly List<CatalogError> _errors = [];

    public string File { get; } = file;

    public IReadOnlyList<CatalogError> Errors => _errors;

    public int ErrorCount => _errors.Count;

    public void Error(SourcePosition position, string code, string message) => _errors.Add(new CatalogError(File, position, code, message));

    public void Error(YamlTreeNode node, string code, string message) => Error(node.Position, code, message);
}
