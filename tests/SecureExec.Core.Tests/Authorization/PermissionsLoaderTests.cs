using System.Reflection;
using SecureExec.Core.Authorization;
using static SecureExec.Core.Tests.TestSupport;

namespace SecureExec.Core.Tests.Authorization;

public sealed class PermissionsLoaderTests
{
    private const string Valid = """
        roles:
          viewer:
            description: "See the host's state"
            scopes: ["system:read"]
          operator:
            includes: [viewer]
            scopes: ["file:read", "logs:read"]
        """;

    [Fact]
    public void Load_ValidFile_KeepsRolesInFileOrderWithWhatWasWritten()
    {
        var result = PermissionsLoader.LoadText(Valid, "perm.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var policy = result.Policy!;
        Assert.Equal("perm.yaml", policy.Source);
        Assert.Equal(64, policy.ContentSha256.Length);
        Assert.Equal(["viewer", "operator"], policy.Roles.Select(r => r.Name));
        var viewer = policy.Find("viewer")!;
        Assert.Equal("See the host's state", viewer.Description);
        Assert.Equal((2, 3), (viewer.Position.Line, viewer.Position.Column));
        var operatorRole = policy.Find("operator")!;
        Assert.Equal("", operatorRole.Description);
        Assert.Equal(["file:read", "logs:read"], operatorRole.Scopes);
        Assert.Equal(["viewer"], operatorRole.Includes);
        Assert.Equal(["file:read", "logs:read", "system:read"], operatorRole.EffectiveScopes);
        Assert.Null(policy.Find("Viewer"));
    }

    public static TheoryData<string, string, int, int> BrokenFiles => new()
    {
        // yaml, expected code, line, column
        { "roles:\n  viewer:\n    scopes: [a]\n    scope: [b]", PermissionErrorCodes.UnknownKey, 4, 5 },
        { "roles:\n  viewer:\n    scopes: [a]\n    permissions: [b]", PermissionErrorCodes.UnknownKey, 4, 5 },
        { "roles:\n  viewer:\n    scopes: [a]\nusers: {}", PermissionErrorCodes.UnknownKey, 4, 1 },
        { "roles:\n  viewer:\n    scopes: [a]\n  viewer:\n    scopes: [b]", PermissionErrorCodes.Duplicate, 4, 3 },
        { "roles:\n  viewer:\n    scopes: [a]\n  Viewer:\n    scopes: [b]", PermissionErrorCodes.Duplicate, 4, 3 },
        { "roles:\n  viewer:\n    scopes: [a]\n    scopes: [b]", PermissionErrorCodes.Duplicate, 4, 5 },
        { "roles:\n  viewer:\n    scopes: [a, b, a]", PermissionErrorCodes.Duplicate, 3, 20 },
        { "roles:\n  a:\n    scopes: [x]\n  b:\n    includes: [a, a]", PermissionErrorCodes.Duplicate, 5, 19 },
        { "roles:\n  viewer:\n    scopes: [\"file read\"]", PermissionErrorCodes.InvalidScope, 3, 14 },
        { "roles:\n  viewer:\n    scopes: ['file\"read']", PermissionErrorCodes.InvalidScope, 3, 14 },
        { "roles:\n  viewer:\n    scopes: ['file\\read']", PermissionErrorCodes.InvalidScope, 3, 14 },
        { "roles:\n  viewer:\n    scopes: [\"\"]", PermissionErrorCodes.InvalidScope, 3, 14 },
        { "roles:\n  viewer:\n    scopes: [\"file:r\u00e9ad\"]", PermissionErrorCodes.InvalidScope, 3, 14 },
        { "roles:\n  viewer:\n    scopes: [\"file:read\\t\"]", PermissionErrorCodes.InvalidScope, 3, 14 },
        { "roles:\n  viewer:\n    scopes: [" + new string('a', 129) + "]", PermissionErrorCodes.InvalidScope, 3, 14 },
        { "roles:\n  viewer:\n    scopes: [a, \"b c\"]", PermissionErrorCodes.InvalidScope, 3, 17 },
        { "roles:\n  \"bad name\":\n    scopes: [a]", PermissionErrorCodes.InvalidRoleName, 2, 3 },
        { "roles:\n  -viewer:\n    scopes: [a]", PermissionErrorCodes.InvalidRoleName, 2, 3 },
        { "roles:\n  \"viewer:all\":\n    scopes: [a]", PermissionErrorCodes.InvalidRoleName, 2, 3 },
        { "roles:\n  " + new string('r', 65) + ":\n    scopes: [a]", PermissionErrorCodes.InvalidRoleName, 2, 3 },
        { "roles:\n  viewer:\n    scopes: [a]\n  operator:\n    includes: [viewr]", PermissionErrorCodes.UnknownRole, 5, 16 },
        { "roles:\n  viewer:\n    scopes: [a]\n  operator:\n    includes: [viewer, Viewer]", PermissionErrorCodes.UnknownRole, 5, 24 },
        { "roles:\n  operator:\n    includes: ghost", PermissionErrorCodes.UnknownRole, 3, 15 },
        { "roles:\n  a:\n    includes: [a]", PermissionErrorCodes.IncludeCycle, 3, 16 },
        { "roles:\n  a:\n    includes: [b]\n  b:\n    includes: [a]", PermissionErrorCodes.IncludeCycle, 5, 16 },
        { "roles:\n  a:\n    scopes: [x]\n    includes: [b]\n  b:\n    includes: [c]\n  c:\n    includes: [a]", PermissionErrorCodes.IncludeCycle, 8, 16 },
        { "roles:\n  viewer:", PermissionErrorCodes.EmptyRole, 2, 3 },
        { "roles:\n  viewer: {}", PermissionErrorCodes.EmptyRole, 2, 3 },
        { "roles:\n  viewer:\n    scopes: []\n    includes: []", PermissionErrorCodes.EmptyRole, 2, 3 },
        { "roles:\n  viewer:\n    description: \"sees nothing\"", PermissionErrorCodes.EmptyRole, 2, 3 },
        { "roles:\n  viewer:\n    scopes:\n    includes:", PermissionErrorCodes.EmptyRole, 2, 3 },
        { "roles: [viewer]", PermissionErrorCodes.WrongKind, 1, 8 },
        { "[roles]", PermissionErrorCodes.WrongKind, 1, 1 },
        { "roles:\n  viewer: [a]", PermissionErrorCodes.WrongKind, 2, 11 },
        { "roles:\n  viewer: \"system:read\"", PermissionErrorCodes.WrongKind, 2, 11 },
        { "roles:\n  viewer:\n    scopes: {a: 1}", PermissionErrorCodes.WrongKind, 3, 13 },
        { "roles:\n  viewer:\n    scopes: [{a: 1}]", PermissionErrorCodes.WrongKind, 3, 14 },
        { "roles:\n  viewer:\n    scopes: [a, ~]", PermissionErrorCodes.WrongKind, 3, 17 },
        { "roles:\n  viewer:\n    scopes: [a]\n    includes: {b: 1}", PermissionErrorCodes.WrongKind, 4, 15 },
        { "roles:\n  viewer:\n    scopes: [a]\n    description: [b]", PermissionErrorCodes.WrongKind, 4, 18 },
        { "", PermissionErrorCodes.MissingKey, 1, 1 },
        { "# no roles yet\n", PermissionErrorCodes.MissingKey, 1, 1 },
        { "roles:", PermissionErrorCodes.MissingKey, 1, 1 },
        { "roles: {}", PermissionErrorCodes.MissingKey, 1, 8 },
        { "users: {}", PermissionErrorCodes.MissingKey, 1, 1 },
        { "roles:\n  viewer: [unclosed\n", PermissionErrorCodes.Syntax, 3, 1 },
        { "roles:\n  a:\n    scopes: [x]\n   bad: indent", PermissionErrorCodes.Syntax, 4, 4 },
        { "roles: {a: {scopes: [x]}}\n---\nroles: {}", PermissionErrorCodes.Syntax, 2, 1 },
        { "roles:\n  a: !!python/object {scopes: [x]}", PermissionErrorCodes.Syntax, 2, 6 },
        { "roles:\n  a:\n    scopes: *nothing", PermissionErrorCodes.Syntax, 3, 13 },
        { "roles:\n  ? [a, b]\n  : {scopes: [x]}", PermissionErrorCodes.Syntax, 2, 5 },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Load_BrokenFile_ReportsErrorWithCodeLineAndColumn(string yaml, string code, int line, int column)
    {
        var result = PermissionsLoader.LoadText(yaml, "broken.yaml");

        Assert.Null(result.Policy);
        Assert.True(
            result.Errors.Any(e => e.Code == code && e.Line == line && e.Column == column),
            $"expected {code} at {line}:{column}, got:\n" + string.Join("\n", result.Errors));
        Assert.All(result.Errors, e => Assert.StartsWith($"broken.yaml:{e.Line}:{e.Column}: error PERM", e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Load_FileWithSeveralErrors_ReportsAllOfThemInFileOrder()
    {
        const string yaml = """
            roles:
              viewer:
                scopes: ["system read"]
              operator:
                includes: [viewr]
                colour: red
              empty: {}
              viewer:
                scopes: [x]
            """;

        var result = PermissionsLoader.LoadText(yaml, "many.yaml");

        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                (3, PermissionErrorCodes.InvalidScope), (5, PermissionErrorCodes.UnknownRole), (6, PermissionErrorCodes.UnknownKey),
                (7, PermissionErrorCodes.EmptyRole), (8, PermissionErrorCodes.Duplicate),
            ],
            result.Errors.Select(e => (e.Line, e.Code)));
    }

    [Fact]
    public void UnknownKey_SuggestsTheNearestKnownKey()
    {
        var error = Assert.Single(PermissionsLoader.LoadText("roles:\n  viewer:\n    scopes: [a]\n    include: [b]").Errors);

        Assert.Contains("did you mean 'includes'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedScopeOrInclude_NamesTheRoleAndTheRepeat()
    {
        var errors = PermissionsLoader.LoadText("roles:\n  viewer: {scopes: [a, a]}\n  ops: {includes: [viewer, viewer]}").Errors;

        Assert.Equal(["role 'viewer' lists scope 'a' twice", "role 'ops' includes role 'viewer' twice"], errors.Select(e => e.Message));
    }

    [Fact]
    public void UnknownIncludedRole_SuggestsTheNearestRole_OrListsTheRoles()
    {
        var near = Assert.Single(PermissionsLoader.LoadText("roles:\n  viewer: {scopes: [a]}\n  ops: {includes: [veiwer]}").Errors);
        var far = Assert.Single(PermissionsLoader.LoadText("roles:\n  viewer: {scopes: [a]}\n  ops: {includes: [superuser]}").Errors);

        Assert.Contains("(did you mean 'viewer'?)", near.Message, StringComparison.Ordinal);
        Assert.Contains("defined roles: viewer, ops", far.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IncludeCycle_IsReportedOnceWithItsPath()
    {
        const string yaml = """
            roles:
              outside:
                includes: [a]
              a:
                scopes: [x]
                includes: [b]
              b:
                includes: [c]
              c:
                includes: [a]
            """;

        var error = Assert.Single(PermissionsLoader.LoadText(yaml).Errors);

        Assert.Equal(PermissionErrorCodes.IncludeCycle, error.Code);
        Assert.Equal((10, 16), (error.Line, error.Column));
        Assert.Equal("role 'c' includes 'a', which includes it back: a → b → c → a", error.Message);
    }

    [Fact]
    public void IncludeCycle_EveryDisjointCycleIsReported()
    {
        const string yaml = """
            roles:
              a: {includes: [b]}
              b: {includes: [a]}
              c: {includes: [c]}
              d: {scopes: [x], includes: [a, c]}
            """;

        var errors = PermissionsLoader.LoadText(yaml).Errors;

        Assert.Equal([3, 4], errors.Select(e => e.Line));
        Assert.All(errors, e => Assert.Equal(PermissionErrorCodes.IncludeCycle, e.Code));
        Assert.Equal("role 'c' includes itself", errors[1].Message);
    }

    [Fact]
    public void Includes_ResolveTransitivelyAndThroughDiamonds()
    {
        const string yaml = """
            roles:
              top:
                includes: [left, right]
              left:
                scopes: [l]
                includes: [base]
              right:
                scopes: [r]
                includes: [base]
              base:
                scopes: [b]
              chain:
                includes: [top]
            """;

        var policy = PermissionsLoader.LoadText(yaml).Policy!;

        Assert.Equal(["b"], policy.Find("base")!.EffectiveScopes);
        Assert.Equal(["b", "l"], policy.Find("left")!.EffectiveScopes);
        Assert.Equal(["b", "l", "r"], policy.Find("top")!.EffectiveScopes);
        Assert.Equal(["b", "l", "r"], policy.Find("chain")!.EffectiveScopes);
        Assert.Empty(policy.Find("chain")!.Scopes);
    }

    [Fact]
    public void Includes_ALongChainLoadsWithoutExhaustingTheStack()
    {
        const int length = 20_000;
        var yaml = "roles:\n" + string.Concat(Enumerable.Range(0, length).Select(i => $"  r{i}: {{includes: [r{i + 1}]}}\n")) + $"  r{length}: {{scopes: [end]}}\n";

        var policy = PermissionsLoader.LoadText(yaml).Policy!;

        Assert.Equal(["end"], policy.Find("r0")!.EffectiveScopes);
        var cyclic = yaml.Replace($"  r{length}: {{scopes: [end]}}", $"  r{length}: {{includes: [r0]}}", StringComparison.Ordinal);
        Assert.Equal(PermissionErrorCodes.IncludeCycle, Assert.Single(PermissionsLoader.LoadText(cyclic).Errors).Code);
    }

    [Fact]
    public void IncludeOfARoleWithErrors_IsNotAlsoReportedAsUnknown()
    {
        var error = Assert.Single(PermissionsLoader.LoadText("roles:\n  viewer: [a]\n  ops: {includes: [viewer]}").Errors);

        Assert.Equal(PermissionErrorCodes.WrongKind, error.Code);
    }

    [Fact]
    public void Load_SingleTextForAList_IsAListOfOne()
    {
        var policy = PermissionsLoader.LoadText("roles:\n  viewer: {scopes: \"system:read\"}\n  ops: {includes: viewer}").Policy!;

        Assert.Equal(["system:read"], policy.Find("ops")!.EffectiveScopes);
    }

    [Fact]
    public void LoadFile_Missing_ReportsUnreadable()
    {
        var result = PermissionsLoader.LoadFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".yaml"));

        Assert.Equal(PermissionErrorCodes.Unreadable, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void LoadFile_NotUtf8_ReportsUnreadable()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".yaml");
        File.WriteAllBytes(path, [0x72, 0x3a, 0x20, 0xC0, 0xAE, 0x0a]);
        try
        {
            var error = Assert.Single(PermissionsLoader.LoadFile(path).Errors);
            Assert.Equal((PermissionErrorCodes.Unreadable, "the permissions file is not valid UTF-8"), (error.Code, error.Message));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadFile_WithByteOrderMark_LoadsAndHashesTheBytes()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".yaml");
        var bytes = "\uFEFFroles:\n  viewer: {scopes: [a]}\n"u8.ToArray();
        File.WriteAllBytes(path, bytes);
        try
        {
            var result = PermissionsLoader.LoadFile(path);
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), result.Policy!.ContentSha256);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void EveryCode_IsDocumentedOnceInDocsPermissions()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "permissions.md"));
        var codes = typeof(PermissionErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, code => Assert.Single(docs.Split('\n'), line => line.StartsWith($"| {code} |", StringComparison.Ordinal)));
    }
}
