using SecureExec.Core.Templates;
using SecureExec.Core.Templates.Loading;
using SecureExec.Core.Templates.Validation;
using static SecureExec.Core.Tests.TestSupport;

namespace SecureExec.Core.Tests.Templates;

/// <summary>The catalog shipped in config/: it loads, and every template's rules are exercised here, row by row.</summary>
public sealed class ShippedCatalogTests
{
    private static readonly TemplateCatalog Catalog = LoadShipped();

    public static TheoryData<string, string, string[]?, string?> Requests => new()
    {
        // template, parameters, expected argv (when accepted) or the rule broken
        { "list_files", """{"path": "/var/log"}""", ["ls", "-lh", "/var/log"], null },
        { "list_files", """{"path": "/srv/app", "options": "-ltr"}""", ["ls", "-ltr", "/srv/app"], null },
        { "list_files", """{"path": "/etc"}""", null, ValidationRules.AllowedPaths },
        { "list_files", """{"path": "/var/logs"}""", null, ValidationRules.AllowedPaths },
        { "list_files", """{"path": "/var/log", "options": "-R"}""", null, ValidationRules.AllowedValues },
        { "list_files", """{}""", null, ValidationRules.Required },
        { "view_file", """{"path": "/var/log/syslog"}""", ["head", "-c", "65536", "/var/log/syslog"], null },
        { "view_file", """{"path": "/var/log/syslog", "max_bytes": 1048577}""", null, ValidationRules.MaxValue },
        { "view_file", """{"path": "/var/log/btmp"}""", null, ValidationRules.ForbiddenPaths },
        { "view_file", """{"path": "/etc/shadow"}""", null, ValidationRules.AllowedPaths },
        { "view_file", """{"path": "/var/log/../../etc/shadow"}""", null, ValidationRules.PathTraversal },
        { "directory_size", """{"path": "/srv"}""", ["du", "-s", "-h", "/srv"], null },
        { "directory_size", """{"path": "/"}""", null, ValidationRules.AllowedPaths },
        { "tail_log", """{"logfile": "/var/log/syslog", "lines": 20}""", ["tail", "-n", "20", "/var/log/syslog"], null },
        { "tail_log", """{"logfile": "/var/log/syslog", "lines": 0}""", null, ValidationRules.MinValue },
        { "tail_log", """{"logfile": "/var/log/syslog", "lines": "20"}""", null, ValidationRules.Type },
        { "tail_log", """{"logfile": "/srv/x"}""", null, ValidationRules.AllowedPaths },
        { "grep_log", """{"text": "error", "logfile": "/var/log/syslog"}""", ["grep", "-F", "-n", "-m", "500", "-e", "error", "/var/log/syslog"], null },
        { "grep_log", """{"text": "-v", "logfile": "/var/log/syslog"}""", ["grep", "-F", "-n", "-m", "500", "-e", "-v", "/var/log/syslog"], null },
        { "grep_log", """{"text": "user=root port 22", "logfile": "/var/log/auth.log"}""", ["grep", "-F", "-n", "-m", "500", "-e", "user=root port 22", "/var/log/auth.log"], null },
        { "grep_log", """{"text": "x; id", "logfile": "/var/log/syslog"}""", null, ValidationRules.ShellSyntax },
        { "grep_log", """{"text": "", "logfile": "/var/log/syslog"}""", null, ValidationRules.MinLength },
        { "grep_log", """{"text": "a\u00e9", "logfile": "/var/log/syslog"}""", null, ValidationRules.Pattern },
        { "disk_usage", """{}""", ["df", "-h"], null },
        { "disk_usage", """{"options": "-i"}""", ["df", "-i"], null },
        { "disk_usage", """{"options": "--output=source"}""", null, ValidationRules.AllowedValues },
        { "memory_usage", """{"options": "-m"}""", ["free", "-m"], null },
        { "memory_usage", """{"options": "-s 1"}""", null, ValidationRules.AllowedValues },
        { "processes", """{}""", ["ps", "aux"], null },
        { "processes", """{"format": "-ef"}""", ["ps", "-ef"], null },
        { "processes", """{"format": "e"}""", null, ValidationRules.AllowedValues },
        { "uptime", """{}""", ["uptime"], null },
        { "uptime", """{"x": 1}""", null, ValidationRules.UnknownParameter },
        { "dns_lookup", """{"hostname": "example.com"}""", ["getent", "ahosts", "example.com"], null },
        { "dns_lookup", """{"hostname": "example.com; id"}""", null, ValidationRules.Hostname },
        { "ping_host", """{"host": "example.com"}""", ["ping", "-n", "-c", "4", "-W", "2", "example.com"], null },
        { "ping_host", """{"host": "10.1.2.3", "count": 2}""", ["ping", "-n", "-c", "2", "-W", "2", "10.1.2.3"], null },
        { "ping_host", """{"host": "example.com", "count": 100}""", null, ValidationRules.MaxValue },
        { "ping_host", """{"host": "-f"}""", null, ValidationRules.Hostname },
        { "check_port", """{"host": "db.internal", "port": 5432}""", ["nc", "-z", "-v", "-w", "3", "db.internal", "5432"], null },
        { "check_port", """{"host": "db.internal", "port": 0}""", null, ValidationRules.Port },
        { "check_port", """{"host": "db.internal"}""", null, ValidationRules.Required },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void ShippedTemplate_EnforcesItsRules(string template, string parameters, string[]? argv, string? rule)
    {
        var result = Validate(Catalog.Find(template)!, parameters);

        if (rule is null)
        {
            Assert.True(result.IsValid, string.Join("; ", result.Errors));
            Assert.Equal(argv, result.Request!.Argv);
        }
        else
        {
            Assert.Equal(rule, Assert.Single(result.Errors).Rule);
        }
    }

    [Fact]
    public void EveryShippedTemplate_HasRowsAbove_AcceptingAndRefusing()
    {
        var rows = Requests.Select(row => ((string)row[0], row[3] is null)).ToList();

        foreach (var template in Catalog.Templates)
        {
            Assert.Contains((template.Name, true), rows);
            Assert.Contains((template.Name, false), rows);
        }
    }

    [Fact]
    public void EveryShippedTemplate_IsTight()
    {
        foreach (var template in Catalog.Templates)
        {
            Assert.NotEmpty(template.RequiredScopes);
            Assert.False(template.Sandbox.AllowFileWrite, $"{template.Name} is read-only and must not write files");
            Assert.True(template.Sandbox.Timeout <= TimeSpan.FromMinutes(1), $"{template.Name} has a long time limit");
            Assert.True(template.Sandbox.MemoryLimitBytes <= 128L << 20, $"{template.Name} has a large memory limit");
            Assert.True(template.Sandbox.AllowNetwork == (template.Category == "network"), $"{template.Name}: only network templates get egress");
            Assert.False(string.IsNullOrWhiteSpace(template.Description));
            foreach (var parameter in template.Parameters)
            {
                Assert.False(string.IsNullOrWhiteSpace(parameter.Description), $"{template.Name}.{parameter.Name} has no description");
                Assert.False(parameter.AllowShellSyntax, $"{template.Name}.{parameter.Name} admits shell syntax");
                if (parameter.Type == ParameterType.Path)
                {
                    Assert.NotEmpty(parameter.AllowedPaths);
                }

                if (parameter.Type == ParameterType.String)
                {
                    Assert.True(parameter.Pattern is not null || parameter.AllowedValues.Count > 0, $"{template.Name}.{parameter.Name} is unconstrained text");
                    Assert.NotNull(parameter.MaxLength);
                }

                if (parameter.Type is ParameterType.Int or ParameterType.Float)
                {
                    Assert.NotNull(parameter.MinValue);
                    Assert.NotNull(parameter.MaxValue);
                }
            }
        }
    }

    private static TemplateCatalog LoadShipped()
    {
        var result = CatalogLoader.LoadFile(Path.Combine(RepositoryRoot, "config", "command_templates.yaml"));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Catalog!;
    }
}
