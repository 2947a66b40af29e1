using SecureExec.Core.Authorization;
using SecureExec.Core.Templates;
using SecureExec.Core.Templates.Loading;
using static SecureExec.Core.Tests.TestSupport;

namespace SecureExec.Core.Tests.Authorization;

/// <summary>The permissions file shipped in config/, against the catalog shipped beside it.</summary>
public sealed class ShippedPermissionsTests
{
    private static readonly PermissionPolicy Policy = LoadPolicy();
    private static readonly TemplateCatalog Catalog = LoadCatalog();

    [Fact]
    public void ShippedFile_Loads_WithTheDocumentedRoles()
    {
        Assert.Equal(["viewer", "operator", "network-operator", "auditor", "admin"], Policy.Roles.Select(r => r.Name));
        Assert.All(Policy.Roles, r => Assert.False(string.IsNullOrWhiteSpace(r.Description), $"role '{r.Name}' has no description"));
    }

    [Fact]
    public void EveryScopeOfTheShippedCatalog_IsGrantedBySomeRole()
    {
        var required = Catalog.Templates.SelectMany(t => t.RequiredScopes).ToHashSet();

        Assert.Equal(["file:read", "logs:read", "network:dns", "network:ping", "network:scan", "system:read"], required.Order(StringComparer.Ordinal));
        Assert.Subset(Policy.AllScopes.ToHashSet(), required);
    }

    [Fact]
    public void Check_ShippedPolicyAgainstShippedCatalog_WarnsOfNothing()
    {
        Assert.Empty(Policy.Check(Catalog));
    }

    public static TheoryData<string, string> RoleScopes => new()
    {
        // role, every scope it grants (sorted)
        { "viewer", "system:read" },
        { "operator", "file:read logs:read system:read" },
        { "network-operator", "network:dns network:ping network:scan system:read" },
        { "auditor", "audit:read jobs:read:all" },
        { "admin", "admin audit:read file:read jobs:read:all logs:read network:dns network:ping network:scan system:read" },
    };

    [Theory]
    [MemberData(nameof(RoleScopes))]
    public void ShippedRole_GrantsExactlyItsScopes(string role, string scopes)
    {
        Assert.Equal(scopes.Split(' '), Policy.ScopesOf([role]));
    }

    [Fact]
    public void ReservedScopes_AreGrantedOnlyToTheRolesThatNeedThem()
    {
        string[] RolesGranting(string scope) => Policy.Roles.Where(r => r.EffectiveScopes.Contains(scope)).Select(r => r.Name).ToArray();

        Assert.Equal(["admin"], RolesGranting(ReservedScopes.Admin));
        Assert.Equal(["auditor", "admin"], RolesGranting(ReservedScopes.AuditRead));
        Assert.Equal(["auditor", "admin"], RolesGranting(ReservedScopes.JobsReadAll));
    }

    public static TheoryData<string, string> Runnable => new()
    {
        // role, the shipped templates it may run (file order)
        { "viewer", "disk_usage memory_usage processes uptime" },
        { "operator", "list_files view_file directory_size tail_log grep_log disk_usage memory_usage processes uptime" },
        { "network-operator", "disk_usage memory_usage processes uptime dns_lookup ping_host check_port" },
        { "auditor", "" },
        {
            "admin",
            "list_files view_file directory_size tail_log grep_log disk_usage memory_usage processes uptime dns_lookup ping_host check_port"
        },
    };

    [Theory]
    [MemberData(nameof(Runnable))]
    public void ShippedRole_RunsExactlyTheseTemplates(string role, string templates)
    {
        var scopes = Policy.GrantedScopes([role], requested: null);

        Assert.Equal(
            templates.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Catalog.Templates.Where(t => PermissionPolicy.CanRun(t, scopes)).Select(t => t.Name));
    }

    private static PermissionPolicy LoadPolicy()
    {
        var result = PermissionsLoader.LoadFile(Path.Combine(RepositoryRoot, "config", "permissions.yaml"));
        Assert.True(result.Succeeded, "the shipped permissions should load, but: " + string.Join(Environment.NewLine, result.Errors));
        return result.Policy!;
    }

    private static TemplateCatalog LoadCatalog()
    {
        var result = CatalogLoader.LoadFile(Path.Combine(RepositoryRoot, "config", "command_templates.yaml"));
        Assert.True(result.Succeeded, "the shipped catalog should load, but: " + string.Join(Environment.NewLine, result.Errors));
        return result.Catalog!;
    }
}
