using System.CommandLine;
using SecureExec.Core.Authorization;
using SecureExec.Core.Templates.Loading;
using SecureExec.Server.Auth;
using SecureExec.Server.Commands;

namespace SecureExec.Server.Cli;

/// <summary>
/// <c>permissions check [FILE] [--catalog FILE]</c>: load a roles file, print every error (exit 1 on any), then the
/// cross-check against the catalog as warnings (which do not fail the check).
/// </summary>
internal static class PermissionsCommand
{
    public static Command Build()
    {
        var file = new Argument<string?>("file")
        {
            Description = $"The permissions file (default: {PermissionsOptions.DefaultPath}).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var catalog = new Option<string>("--catalog")
        {
            Description = "The catalog to cross-check against.",
            DefaultValueFactory = _ => CatalogOptions.DefaultPath,
        };
        var check = new Command("check", "Check a permissions file and print every error with file, line and column.") { file, catalog };
        check.SetAction(result => Check(
            result.GetValue(file) ?? PermissionsOptions.DefaultPath, result.GetValue(catalog)!,
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));

        return new Command("permissions", "Work with the roles → scopes file.") { check };
    }

    public static int Check(string path, string catalogPath, TextWriter output, TextWriter errors)
    {
        var result = PermissionsLoader.LoadFile(path);
        if (result.Policy is not { } policy)
        {
            return ConfigFileCheck.PrintFailure(path, result.Errors, errors);
        }

        output.WriteLine($"{path}: {policy.Roles.Count} role(s) OK (sha256 {policy.ContentSha256})");
        if (CatalogLoader.LoadFile(catalogPath).Catalog is { } templates)
        {
            foreach (var warning in policy.Check(templates))
            {
                output.WriteLine(warning);
            }
        }
        else
        {
            output.WriteLine($"{catalogPath}: not cross-checked (the catalog has errors: run templates check)");
        }

        return 0;
    }
}
