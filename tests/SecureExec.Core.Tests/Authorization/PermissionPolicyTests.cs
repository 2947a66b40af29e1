using SecureExec.Core.Authorization;
using SecureExec.Core.Templates;
using static SecureExec.Core.Tests.TestSupport;

namespace SecureExec.Core.Tests.Authorization;

public sealed class PermissionPolicyTests
{
    private static readonly PermissionPolicy Policy = Load("""
        roles:
          viewer: {scopes: ["system:read"]}
          operator: {includes: [viewer], scopes: ["file:read", "logs:read"]}
          net: {scopes: ["network:ping"]}
          auditor: {scopes: ["audit:read", "jobs:read:all"]}
          admin: {includes: [operator, auditor], scopes: [admin]}
        """);

    private static readonly TemplateCatalog Catalog = LoadCatalog("""
        templates:
          uptime:
            command: uptime
            permissions: {required_scopes: ["system:read"]}
          tail_log:
            command: "tail -n 5 /var/log/syslog"
            permissions: {required_scopes: ["logs:read"]}
          grep_files:
            command: "grep -r x /srv"
            permissions: {required_scopes: ["file:read", "logs:read"]}
          ping_host:
            command: "ping -c 1 localhost"
            permissions: {required_scopes: ["network:ping"]}
        """);

    public static TheoryData<string, string> RoleScopes => new()
    {
        // roles (space-separated), expected scopes (sorted, space-separated)
        { "", "" },
        { "viewer", "system:read" },
        { "operator", "file:read logs:read system:read" },
        { "operator net", "file:read logs:read network:ping system:read" },
        { "viewer operator viewer", "file:read logs:read system:read" },
        { "auditor", "audit:read jobs:read:all" },
        { "admin", "admin audit:read file:read jobs:read:all logs:read system:read" },
        { "ghost", "" },
        { "viewer ghost", "system:read" },
        { "Viewer", "" },
        { "viewer ", "system:read" },
    };

    [Theory]
    [MemberData(nameof(RoleScopes))]
    public void ScopesOf_GrantsTheRolesScopesWithIncludes_AndNothingForUnknownRoles(string roles, string expected)
    {
        Assert.Equal(Split(expected), Policy.ScopesOf(Split(roles)));
    }

    public static TheoryData<string, string?, string> Grants => new()
    {
        // roles, requested scopes (null: none requested), expected granted scopes
        { "operator", null, "file:read logs:read system:read" },
        { "operator", "", "file:read logs:read system:read" },
        { "operator", "file:read", "file:read" },
        { "operator", "file:read logs:read", "file:read logs:read" },
        { "operator", "file:read file:read", "file:read" },
        { "operator", "file:read network:ping", "file:read" },
        { "operator", "network:ping", "" },
        { "operator", "FILE:READ", "" },
        { "operator", "admin", "" },
        { "viewer", "audit:read jobs:read:all", "" },
        { "admin", "admin", "admin" },
        { "admin", "system:read audit:read", "audit:read system:read" },
        { "ghost", null, "" },
        { "ghost", "system:read", "" },
        { "", null, "" },
    };

    [Theory]
    [MemberData(nameof(Grants))]
    public void GrantedScopes_AreRequestedAndGranted_OrAllGrantedWhenNoneRequested(string roles, string? requested, string expected)
    {
        Assert.Equal(Split(expected), Policy.GrantedScopes(Split(roles), requested is null ? null : Split(requested)));
    }

    public static TheoryData<string, string, string> StillGrantedRows => new()
    {
        // token scopes, the user's roles now, scopes the token may still use
        { "file:read system:read", "operator", "file:read system:read" },
        { "file:read system:read", "viewer", "system:read" },
        { "file:read", "viewer", "" },
        { "file:read", "", "" },
        { "", "admin", "" },
        { "admin file:read", "operator", "file:read" },
        { "audit:read", "admin", "audit:read" },
    };

    [Theory]
    [MemberData(nameof(StillGrantedRows))]
    public void StillGranted_DropsWhatTheRolesNoLongerGrant_AndNeverWidensAToken(string tokenScopes, string roles, string expected)
    {
        Assert.Equal(Split(expected), Policy.StillGranted(Split(tokenScopes), Split(roles)));
    }

    public static TheoryData<string, string, bool> RunRows => new()
    {
        // template, token scopes, may run
        { "uptime", "system:read", true },
        { "uptime", "system:read file:read", true },
        { "uptime", "", false },
        { "uptime", "file:read", false },
        { "uptime", "SYSTEM:READ", false },
        { "uptime", "system:read:all", false },
        { "uptime", "system", false },
        { "uptime", "admin", false },
        { "uptime", "admin audit:read jobs:read:all", false },
        { "grep_files", "file:read logs:read", true },
        { "grep_files", "file:read", false },
        { "grep_files", "logs:read", false },
        { "grep_files", "admin file:read", false },
        { "ping_host", "network:ping", true },
        { "ping_host", "network:dns network:scan", false },
    };

    [Theory]
    [MemberData(nameof(RunRows))]
    public void CanRun_NeedsEveryRequiredScope_AndAdminAloneGrantsNoTemplate(string template, string tokenScopes, bool expected)
    {
        Assert.Equal(expected, PermissionPolicy.CanRun(Catalog.Find(template)!, Split(tokenScopes)));
    }

    [Fact]
    public void CanRun_ATemplateRequiringNoScope_IsNeverRunnable()
    {
        var open = Catalog.Find("uptime")! with { RequiredScopes = [] };

        Assert.False(PermissionPolicy.CanRun(open, Split("system:read admin")));
    }

    [Fact]
    public void CanRun_WithTheScopesTheRolesGrant_FollowsTheRoles()
    {
        var runnable = (string roles) => Catalog.Templates.Where(t => PermissionPolicy.CanRun(t, Policy.ScopesOf(Split(roles)))).Select(t => t.Name);

        Assert.Equal(["uptime"], runnable("viewer"));
        Assert.Equal(["uptime", "tail_log", "grep_files"], runnable("operator"));
        Assert.Empty(runnable("auditor"));
        Assert.Equal(["uptime", "tail_log", "grep_files"], runnable("admin"));
        Assert.Equal(["ping_host"], runnable("net"));
    }

    [Fact]
    public void Check_WhenEveryTemplateScopeIsGranted_WarnsOfNothing()
    {
        Assert.Empty(Policy.Check(Catalog));
    }

    [Fact]
    public void Check_TemplateScopeNoRoleGrants_WarnsAtTheTemplate()
    {
        var policy = Load("roles:\n  viewer: {scopes: [\"system:read\", \"logs:read\", \"file:read\"]}");

        var warning = Assert.Single(policy.Check(Catalog));

        Assert.Equal(PermissionErrorCodes.ScopeNotGranted, warning.Code);
        Assert.Equal(("test.yaml", 11, 3), (warning.File, warning.Line, warning.Column));
        Assert.Equal("template 'ping_host' requires scope 'network:ping', which no role in perm.yaml grants: nobody can run it", warning.Message);
        Assert.StartsWith("test.yaml:11:3: warning PERM101: ", warning.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RoleScopeNoTemplateRequires_WarnsAtTheScopeWithASuggestion()
    {
        var policy = Load("""
            roles:
              viewer:
                scopes: ["system:read", "logs:read", "network:ping"]
              operator:
                includes: [viewer]
                scopes: ["file:raed", "file:read", "deploy:run", "audit:read", "jobs:read:all", "admin"]
            """);

        var warnings = policy.Check(Catalog);

        Assert.Equal([(6, 14), (6, 40)], warnings.Select(w => (w.Line, w.Column)));
        Assert.All(warnings, w => Assert.Equal((PermissionErrorCodes.ScopeUnused, "perm.yaml"), (w.Code, w.File)));
        Assert.Equal(
            "role 'operator' grants scope 'file:raed', which no template requires and the server does not reserve (did you mean 'file:read'?)",
            warnings[0].Message);
        Assert.EndsWith("does not reserve", warnings[1].Message, StringComparison.Ordinal);
    }

    private static PermissionPolicy Load(string yaml)
    {
        var result = PermissionsLoader.LoadText(yaml, "perm.yaml");
        Assert.True(result.Succeeded, "policy should load, but: " + string.Join(Environment.NewLine, result.Errors));
        return result.Policy!;
    }

    private static HashSet<string> Split(string words) => words.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
}
