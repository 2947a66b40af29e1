using System.Security.Cryptography;
using System.Text;
using SecureExec.Core.Configuration;

namespace SecureExec.Core.Templates.Loading;

/// <summary>The catalog, or every error that kept it from loading.</summary>
public sealed record CatalogLoadResult(TemplateCatalog? Catalog, IReadOnlyList<ConfigError> Errors)
{
    public bool Succeeded => Catalog is not null;
}

/// <summary>
/// Loads <c>command_templates.yaml</c> into an immutable <see cref="TemplateCatalog"/>. Nothing is dropped or
/// guessed: any error, all of them reported at once with file, line and column, means no catalog.
/// </summary>
public static class CatalogLoader
{
    public static CatalogLoadResult LoadFile(string path) =>
        ConfigFile.TryRead(path, "the catalog", out var bytes, out var text, out var problem)
            ? Load(text, path, Convert.ToHexStringLower(SHA256.HashData(bytes)))
            : new CatalogLoadResult(null, [new ConfigError(path, new SourcePosition(1, 1), CatalogErrorCodes.Unreadable, problem)]);

    public static CatalogLoadResult LoadText(string text, string fileName = "command_templates.yaml") =>
        Load(text, fileName, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));

    private static CatalogLoadResult Load(string text, string file, string sha256)
    {
        var context = new LoadContext(file, CatalogErrorCodes.Loader);
        if (!ConfigFile.TryParse(text, context, out var root))
        {
            return new CatalogLoadResult(null, context.Errors);
        }

        var top = MappingReader.Open(root, CatalogKeys.Root, "the catalog file", context);
        var templates = new List<CommandTemplate>();
        if (top?["templates"] is not YamlMappingNode templatesNode)
        {
            if (top?["templates"] is { } wrong and not YamlScalarNode { IsNull: true })
            {
                context.Error(wrong, CatalogErrorCodes.WrongKind, $"'templates' must be a mapping of template name to definition, not {wrong.KindName}");
            }
            else
            {
                context.Error(root?.Position ?? new SourcePosition(1, 1), CatalogErrorCodes.MissingKey, "the catalog needs a 'templates' mapping with at least one template");
            }

            return new CatalogLoadResult(null, context.Errors);
        }

        var reader = new TemplateReader(context);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in templatesNode.Entries)
        {
            if (!names.Add(key.Value))
            {
                context.Error(key, CatalogErrorCodes.Duplicate, $"template '{key.Value}' is defined twice");
                continue;
            }

            if (reader.Read(key, value) is { } template)
            {
                templates.Add(template);
            }
        }

        if (templatesNode.Entries.Count == 0)
        {
            context.Error(templatesNode, CatalogErrorCodes.MissingKey, "the catalog needs at least one template");
        }

        return context.ErrorCount > 0
            ? new CatalogLoadResult(null, context.ErrorsInFileOrder())
            : new CatalogLoadResult(new TemplateCatalog(file, sha256, templates), []);
    }
}
