using System.CommandLine;
using SecureExec.Core.Templates.Loading;
using SecureExec.Server.Commands;

namespace SecureExec.Server.Cli;

/// <summary><c>templates check [FILE]</c>: load a catalog and print every error; exit 1 on any.</summary>
internal static class TemplatesCommand
{
    public static Command Build()
    {
        var file = new Argument<string?>("file")
        {
            Description = $"The catalog file (default: {CatalogOptions.DefaultPath}).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var check = new Command("check", "Check a command template catalog and print every error with file, line and column.") { file };
        check.SetAction(result => Check(
            result.GetValue(file) ?? CatalogOptions.DefaultPath, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));

        return new Command("templates", "Work with the command template catalog.") { check };
    }

    public static int Check(string path, TextWriter output, TextWriter errors)
    {
        var result = CatalogLoader.LoadFile(path);
        if (result.Catalog is { } catalog)
        {
            output.WriteLine($"{path}: {catalog.Templates.Count} template(s) OK (sha256 {catalog.ContentSha256})");
            return 0;
        }

        return ConfigFileCheck.PrintFailure(path, result.Errors, errors);
    }
}
