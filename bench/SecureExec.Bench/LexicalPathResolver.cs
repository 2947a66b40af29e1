using SecureExec.Core.Templates.Validation;

namespace SecureExec.Bench;

/// <summary>Follows no symbolic links: confinement on the normalised text alone, without touching the filesystem.</summary>
internal sealed class LexicalPathResolver : IPathResolver
{
    public string Resolve(string normalizedPath) => normalizedPath;
}
