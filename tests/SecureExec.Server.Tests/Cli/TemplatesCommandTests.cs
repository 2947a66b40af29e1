using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Cli;

public sealed class TemplatesCommandTests
{
    [Fact]
    public void TemplatesCheck_SeedExample_PassesWithExitZero()
    {
        var (exit, output, errors) = Invoke("templates", "check", SeedExample);

        Assert.Equal(0, exit);
        Assert.Contains("1 template(s) OK", output, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public void TemplatesCheck_ShippedCatalog_Passes()
    {
        Assert.Equal(0, Invoke("templates", "check", ShippedCatalog).Exit);
    }

    [Fact]
    public void TemplatesCheck_BrokenCatalog_PrintsEveryErrorWithLineAndExitsNonZero()
    {
        var path = WriteTemp("""
            templates:
              list_files:
                command: "ls {options} {path}"
                parameters:
                  path:
                    type: "path"
                    required: true
                    validation: "^/[a-zA-Z0-9_./\\-]*$"
                  options:
                    type: "strin"
                    default: "-la"
                    allowed_values: ["-la", "-l", "-a"]
                permissions:
                  required_scopes: ["file:read"]
                  max_execution_tim: 30
            """);

        var (exit, _, errors) = Invoke("templates", "check", path);

        Assert.Equal(1, exit);
        Assert.Contains($"{path}:10:15: error CAT005: ", errors, StringComparison.Ordinal);
        Assert.Contains($"{path}:15:7: error CAT002: unknown key 'max_execution_tim'", errors, StringComparison.Ordinal);
        Assert.Contains("did you mean 'max_execution_time'", errors, StringComparison.Ordinal);
        Assert.Contains("2 error(s)", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void TemplatesCheck_MissingFile_SaysSoAndExitsNonZero()
    {
        var (exit, _, errors) = Invoke("templates", "check", "/nonexistent/catalog.yaml");

        Assert.Equal(1, exit);
        Assert.Contains("/nonexistent/catalog.yaml:1:1: error CAT017", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_BrokenCatalog_RefusesToStartAndNamesTheLine()
    {
        var path = WriteTemp("templates:\n  t:\n    command: \"rm -rf {dir}; echo\"\n    permissions: {required_scopes: [a]}\n");

        var (exit, _, errors) = Invoke(["serve", .. ServeArguments($"--SecureExec:Catalog:Path={path}")]);

        Assert.Equal(2, exit);
        Assert.Contains($"{path}:3:", errors, StringComparison.Ordinal);
        Assert.Contains("not starting", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_SandboxProgramMissing_RefusesToStartWithTheFix()
    {
        var (exit, _, errors) = Invoke(["serve", .. ServeArguments("--SecureExec:Sandbox:BubblewrapPath=/nonexistent/bwrap")]);

        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/bwrap is missing. Fix: apt-get install -y bubblewrap", errors, StringComparison.Ordinal);
        Assert.Contains("not starting", errors, StringComparison.Ordinal);
    }
}
