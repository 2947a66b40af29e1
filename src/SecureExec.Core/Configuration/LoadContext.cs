namespace SecureExec.Core.Configuration;

/// <summary>Collects every error of one load, so that all are reported at once.</summary>
internal sealed class LoadContext(string file, LoaderCodes codes)
{
    private readonly List<ConfigError> _errors = [];

    public string File { get; } = file;

    /// <summary>The codes of the format being loaded, for the errors the shared readers report.</summary>
    public LoaderCodes Codes { get; } = codes;

    public IReadOnlyList<ConfigError> Errors => _errors;

    public int ErrorCount => _errors.Count;

    public void Error(SourcePosition position, string code, string message) => _errors.Add(new ConfigError(File, position, code, message));

    public void Error(YamlTreeNode node, string code, string message) => Error(node.Position, code, message);

    /// <summary>Every error, in file order.</summary>
    public IReadOnlyList<ConfigError> ErrorsInFileOrder() => _errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
}
