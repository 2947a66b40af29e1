using SecureExec.Core.Templates.Validation;
using static SecureExec.Core.Tests.TestSupport;

namespace SecureExec.Core.Tests.Templates;

/// <summary>Each row: a parameter definition, a JSON value, and either the argv text it renders to or the rule it breaks.</summary>
public sealed class ParameterTypeTests
{
    [Theory]
    // string
    [InlineData("{type: string}", "\"hello\"", "hello", null)]
    [InlineData("{type: string}", "\"two words\"", "two words", null)]
    [InlineData("{type: string}", "\"ünïcødé\"", "ünïcødé", null)]
    [InlineData("{type: string}", "5", null, ValidationRules.Type)]
    [InlineData("{type: string}", "true", null, ValidationRules.Type)]
    [InlineData("{type: string}", "[\"a\"]", null, ValidationRules.Type)]
    [InlineData("{type: string}", "{\"a\": 1}", null, ValidationRules.Type)]
    [InlineData("{type: string, min_length: 2}", "\"a\"", null, ValidationRules.MinLength)]
    [InlineData("{type: string, max_length: 3}", "\"abcd\"", null, ValidationRules.MaxLength)]
    [InlineData("{type: string, max_length: 3}", "\"日本語\"", "日本語", null)]
    [InlineData("{type: string, pattern: \"[a-z]+\"}", "\"abc\"", "abc", null)]
    [InlineData("{type: string, pattern: \"[a-z]+\"}", "\"abc1\"", null, ValidationRules.Pattern)]
    [InlineData("{type: string, validation: \"^[a-z]+$\"}", "\"abc\\n\"", null, ValidationRules.ControlCharacters)]
    [InlineData("{type: string, pattern: \"[a-z]+\"}", "\"1abc\"", null, ValidationRules.Pattern)]
    [InlineData("{type: string, allowed_values: [red, green]}", "\"green\"", "green", null)]
    [InlineData("{type: string, allowed_values: [red, green]}", "\"blue\"", null, ValidationRules.AllowedValues)]
    [InlineData("{type: string, allowed_values: [red, green]}", "\"Red\"", null, ValidationRules.AllowedValues)]
    // int
    [InlineData("{type: int}", "42", "42", null)]
    [InlineData("{type: int}", "0", "0", null)]
    [InlineData("{type: int}", "\"42\"", null, ValidationRules.Type)]
    [InlineData("{type: int}", "4.5", null, ValidationRules.Type)]
    [InlineData("{type: int}", "1e3", null, ValidationRules.Type)]
    [InlineData("{type: int}", "true", null, ValidationRules.Type)]
    [InlineData("{type: int}", "99999999999999999999", null, ValidationRules.Type)]
    [InlineData("{type: int}", "-3", null, ValidationRules.LeadingDash)]
    [InlineData("{type: int, min_value: -5, allow_leading_dash: true}", "-3", "-3", null)]
    [InlineData("{type: int, min_value: 1, max_value: 10}", "10", "10", null)]
    [InlineData("{type: int, min_value: 1, max_value: 10}", "11", null, ValidationRules.MaxValue)]
    [InlineData("{type: int, min_value: 1, max_value: 10}", "0", null, ValidationRules.MinValue)]
    [InlineData("{type: int, allowed_values: [1, 2, 4]}", "4", "4", null)]
    [InlineData("{type: int, allowed_values: [1, 2, 4]}", "3", null, ValidationRules.AllowedValues)]
    // float
    [InlineData("{type: float}", "0.5", "0.5", null)]
    [InlineData("{type: float}", "2", "2", null)]
    [InlineData("{type: float}", "\"0.5\"", null, ValidationRules.Type)]
    [InlineData("{type: float}", "1e400", null, ValidationRules.Type)]
    [InlineData("{type: float, min_value: 0.1, max_value: 2.5}", "2.6", null, ValidationRules.MaxValue)]
    [InlineData("{type: float, min_value: 0.1, max_value: 2.5}", "0.05", null, ValidationRules.MinValue)]
    // bool
    [InlineData("{type: bool}", "true", "true", null)]
    [InlineData("{type: bool}", "false", "false", null)]
    [InlineData("{type: bool}", "\"true\"", null, ValidationRules.Type)]
    [InlineData("{type: bool}", "1", null, ValidationRules.Type)]
    [InlineData("{type: bool}", "\"yes\"", null, ValidationRules.Type)]
    // path
    [InlineData("{type: path}", "\"/var/log/syslog\"", "/var/log/syslog", null)]
    [InlineData("{type: path}", "\"/var//log/./syslog/\"", "/var/log/syslog", null)]
    [InlineData("{type: path, allowed_paths: [/var/log]}", "\"nginx/access.log\"", "/var/log/nginx/access.log", null)]
    [InlineData("{type: path}", "\"relative\"", "/relative", null)]
    [InlineData("{type: path}", "7", null, ValidationRules.Type)]
    [InlineData("{type: path, allowed_paths: [/tmp]}", "\"/tmp\"", "/tmp", null)]
    [InlineData("{type: path, allowed_paths: [/srv]}", "\"-rf\"", null, ValidationRules.LeadingDash)]
    [InlineData("{type: path, allowed_paths: [/srv]}", "\"~/x\"", null, ValidationRules.ShellSyntax)]
    [InlineData("{type: path, allowed_paths: [/tmp]}", "\"/tmp/a/b\"", "/tmp/a/b", null)]
    [InlineData("{type: path, allowed_paths: [/tmp]}", "\"/tmpevil\"", null, ValidationRules.AllowedPaths)]
    [InlineData("{type: path, allowed_paths: [/tmp]}", "\"/tmp-x/y\"", null, ValidationRules.AllowedPaths)]
    [InlineData("{type: path, allowed_paths: [/tmp/]}", "\"/tmp/x\"", "/tmp/x", null)]
    [InlineData("{type: path, allowed_paths: [/var/log, /srv]}", "\"/srv/app\"", "/srv/app", null)]
    [InlineData("{type: path, allowed_paths: [/var/log]}", "\"/etc/shadow\"", null, ValidationRules.AllowedPaths)]
    [InlineData("{type: path, forbidden_paths: [/etc/shadow]}", "\"/etc/shadow\"", null, ValidationRules.ForbiddenPaths)]
    [InlineData("{type: path, forbidden_paths: [/etc/shadow]}", "\"/etc/shadow-\"", "/etc/shadow-", null)]
    [InlineData("{type: path, forbidden_paths: [/root]}", "\"/root/.ssh/id_rsa\"", null, ValidationRules.ForbiddenPaths)]
    [InlineData("{type: path, allowed_paths: [/var], forbidden_paths: [/var/lib]}", "\"/var/lib/x\"", null, ValidationRules.ForbiddenPaths)]
    [InlineData("{type: path, max_length: 8}", "\"/a/b/c/d/e\"", null, ValidationRules.MaxLength)]
    [InlineData("{type: path, validation: \"^/[a-zA-Z0-9_./\\\\-]*$\"}", "\"/var/log\"", "/var/log", null)]
    [InlineData("{type: path, validation: \"^/[a-zA-Z0-9_./\\\\-]*$\"}", "\"/var/log/a b\"", null, ValidationRules.Pattern)]
    // enum
    [InlineData("{type: enum, allowed_values: [\"-l\", \"-la\"]}", "\"-la\"", "-la", null)]
    [InlineData("{type: enum, allowed_values: [\"-l\", \"-la\"]}", "\"-lR\"", null, ValidationRules.AllowedValues)]
    [InlineData("{type: enum, allowed_values: [\"-l\", \"-la\"]}", "1", null, ValidationRules.Type)]
    [InlineData("{type: enum, allowed_values: [\"+%Y-%m-%d %H:%M:%S\"]}", "\"+%Y-%m-%d %H:%M:%S\"", "+%Y-%m-%d %H:%M:%S", null)]
    // hostname
    [InlineData("{type: hostname}", "\"example.com\"", "example.com", null)]
    [InlineData("{type: hostname}", "\"db-1.internal.\"", "db-1.internal.", null)]
    [InlineData("{type: hostname}", "\"localhost\"", "localhost", null)]
    [InlineData("{type: hostname}", "\"10.0.0.1\"", "10.0.0.1", null)]
    [InlineData("{type: hostname}", "\"-oProxyCommand=x\"", null, ValidationRules.Hostname)]
    [InlineData("{type: hostname}", "\"bad_host\"", null, ValidationRules.Hostname)]
    [InlineData("{type: hostname}", "\"a..b\"", null, ValidationRules.Hostname)]
    [InlineData("{type: hostname}", "\"host-.com\"", null, ValidationRules.Hostname)]
    [InlineData("{type: hostname}", "\"exämple.com\"", null, ValidationRules.Hostname)]
    [InlineData("{type: hostname}", "\"\"", null, ValidationRules.Hostname)]
    [InlineData("{type: hostname}", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com\"", null, ValidationRules.Hostname)]
    [InlineData("{type: hostname, pattern: \".*\\\\.internal\"}", "\"db.internal\"", "db.internal", null)]
    [InlineData("{type: hostname, pattern: \".*\\\\.internal\"}", "\"db.example.com\"", null, ValidationRules.Pattern)]
    // ip
    [InlineData("{type: ip}", "\"192.168.1.10\"", "192.168.1.10", null)]
    [InlineData("{type: ip}", "\"::1\"", "::1", null)]
    [InlineData("{type: ip}", "\"2001:DB8:0:0::1\"", "2001:db8::1", null)]
    [InlineData("{type: ip}", "\"256.1.1.1\"", null, ValidationRules.Ip)]
    [InlineData("{type: ip}", "\"1.2.3\"", null, ValidationRules.Ip)]
    [InlineData("{type: ip}", "\"0x7f.0.0.1\"", null, ValidationRules.Ip)]
    [InlineData("{type: ip}", "\"010.0.0.1\"", null, ValidationRules.Ip)]
    [InlineData("{type: ip}", "\"127.1\"", null, ValidationRules.Ip)]
    [InlineData("{type: ip}", "\"fe80::1%eth0\"", null, ValidationRules.Ip)]
    [InlineData("{type: ip}", "\"example.com\"", null, ValidationRules.Ip)]
    [InlineData("{type: ip}", "3232235777", null, ValidationRules.Type)]
    // port
    [InlineData("{type: port}", "443", "443", null)]
    [InlineData("{type: port}", "1", "1", null)]
    [InlineData("{type: port}", "65535", "65535", null)]
    [InlineData("{type: port}", "0", null, ValidationRules.Port)]
    [InlineData("{type: port}", "65536", null, ValidationRules.Port)]
    [InlineData("{type: port}", "\"443\"", null, ValidationRules.Type)]
    [InlineData("{type: port}", "-1", null, ValidationRules.Port)]
    [InlineData("{type: port, max_value: 1024}", "8080", null, ValidationRules.MaxValue)]
    public void Validate_Value_RendersOrBreaksRule(string definition, string valueJson, string? expectedText, string? expectedRule)
    {
        var result = ValidateValue(OneParameter(definition), valueJson);

        if (expectedRule is null)
        {
            Assert.True(result.IsValid, string.Join("; ", result.Errors));
            Assert.Equal(["echo", expectedText!], result.Request!.Argv);
        }
        else
        {
            var error = Assert.Single(result.Errors);
            Assert.Equal(("v", expectedRule), (error.Parameter, error.Rule));
            Assert.Null(result.Request);
        }
    }

    [Fact]
    public void Validate_MissingRequired_ReportsRequired()
    {
        var result = Validate(OneParameter("{type: string}"), "{}");

        Assert.Equal(("v", ValidationRules.Required), (result.Errors[0].Parameter, result.Errors[0].Rule));
    }

    [Fact]
    public void Validate_JsonNullForRequired_ReportsRequired()
    {
        Assert.Equal(ValidationRules.Required, Assert.Single(Validate(OneParameter("{type: string}"), """{"v": null}""").Errors).Rule);
    }

    [Fact]
    public void Validate_MissingWithDefault_UsesDefault()
    {
        var result = Validate(OneParameter("{type: int, default: 7}"), "{}");

        Assert.Equal(["echo", "7"], result.Request!.Argv);
    }

    [Fact]
    public void Validate_UnknownParameter_IsRefused()
    {
        var result = Validate(OneParameter("{type: string}"), """{"v": "a", "extra": "b"}""");

        Assert.Equal(("extra", ValidationRules.UnknownParameter), (result.Errors[0].Parameter, result.Errors[0].Rule));
    }

    [Fact]
    public void Validate_DuplicateJsonProperty_IsRefusedAsAttempt()
    {
        var result = Validate(OneParameter("{type: string}"), """{"v": "a", "v": "b"}""");

        Assert.Contains(result.Errors, e => e.Rule == ValidationRules.Duplicate && e.IsInjectionAttempt);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"v=a\"")]
    [InlineData("5")]
    public void Validate_ParametersNotAnObject_IsRefused(string json)
    {
        Assert.Equal(ValidationRules.Type, Assert.Single(Validate(OneParameter("{type: string}"), json).Errors).Rule);
    }

    [Fact]
    public void Validate_SeveralBadParameters_NamesEachWithItsRule()
    {
        var template = Template("echo {a} {b} {c}", "{a: {type: int}, b: {type: hostname}, c: {type: port}}");

        var result = Validate(template, """{"a": "x", "b": "no_way", "c": 70000, "d": 1}""");

        Assert.Equal(
            [("a", ValidationRules.Type), ("b", ValidationRules.Hostname), ("c", ValidationRules.Port), ("d", ValidationRules.UnknownParameter)],
            result.Errors.Select(e => (e.Parameter, e.Rule)));
    }

    [Fact]
    public void Validate_SensitiveValue_IsMaskedForLogs()
    {
        var template = Template("login --user {user} --token={token}", "{user: {type: string}, token: {type: string, sensitive: true}}");

        var request = Validate(template, """{"user": "ops", "token": "s3cr3t"}""").Request!;

        Assert.Equal(["login", "--user", "ops", "--token=s3cr3t"], request.Argv);
        Assert.Equal(["login", "--user", "ops", "--token=***"], request.ArgvForLog());
        Assert.Equal("***", request.ValuesForLog()["token"]);
        Assert.Equal("ops", request.ValuesForLog()["user"]);
    }

    [Fact]
    public void Validate_ErrorMessages_NeverEchoTheValue()
    {
        var result = ValidateValue(OneParameter("{type: string, pattern: \"[a-z]+\"}"), "\"SECRET-VALUE-123\"");

        Assert.DoesNotContain("SECRET", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HostileRegexAndValue_FinishesAndRefuses()
    {
        // (a+)+$ is the classic catastrophic-backtracking pattern; the non-backtracking engine runs it in linear time.
        var template = OneParameter("{type: string, pattern: \"(a+)+\", max_length: 100000}");

        var result = ValidateValue(template, "\"" + new string('a', 50_000) + "b\"");

        Assert.Equal(ValidationRules.Pattern, Assert.Single(result.Errors).Rule);
    }

    [Fact]
    public void Validate_BacktrackingOnlyPattern_IsBoundedByTimeout()
    {
        // A backreference needs the backtracking engine; the match timeout bounds it.
        var template = OneParameter("{type: string, pattern: \"(a*)*\\\\1b\", max_length: 100000}");
        Assert.False(template.FindParameter("v")!.Pattern!.IsNonBacktracking);

        var result = ValidateValue(template, "\"" + new string('a', 5_000) + "\"");

        Assert.Contains(Assert.Single(result.Errors).Rule, new[] { ValidationRules.Pattern, ValidationRules.PatternTimeout });
    }
}
