using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Cli;

public sealed class PermissionsCommandTests
{
    [Fact]
    public void PermissionsCheck_ShippedFiles_PassWithoutWarnings()
    {
        var (exit, output, errors) = Invoke("permissions", "check", ShippedPermissions, "--catalog", ShippedCatalog);

        Assert.Equal(0, exit);
        Assert.Contains("role(s) OK", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", output, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public void PermissionsCheck_BrokenFile_PrintsErrorsWithLineAndExitsNonZero()
    {
        var path = WriteTemp("roles:\n  viewer:\n    scopes: [system:read]\n    inclues: [admin]\n");

        var (exit, _, errors) = Invoke("permissions", "check", path, "--catalog", ShippedCatalog);

        Assert.Equal(1, exit);
        Assert.Contains($"{path}:4:5: error PERM", errors, StringComparison.Ordinal);
        Assert.Contains("did you mean 'includes'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void PermissionsCheck_ScopeNoRoleGrants_IsAWarningNotAFailure()
    {
        var path = WriteTemp("roles:\n  viewer:\n    scopes: [system:read]\n");

        var (exit, output, _) = Invoke("permissions", "check", path, "--catalog", ShippedCatalog);

        Assert.Equal(0, exit);
        Assert.Contains("warning PERM101", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_BrokenPermissions_RefusesToStartAndNamesTheLine()
    {
        var path = WriteTemp("roles:\n  viewer:\n    scopes: [\"bad scope\"]\n");

        var (exit, _, errors) = Invoke(["serve", .. ServeArguments($"--SecureExec:Permissions:Path={path}")]);

        Assert.Equal(2, exit);
        Assert.Contains($"{path}:3:", errors, StringComparison.Ordinal);
        Assert.Contains("not starting", errors, StringComparison.Ordinal);
    }
}
