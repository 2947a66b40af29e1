using System.Net;
using Microsoft.Playwright;
using SecureExec.Core.Templates;
using SecureExec.Core.Templates.Loading;
using SecureExec.Core.Templates.Validation;
using SecureExec.Server.Console.Run;
using SecureExec.Testing;

namespace SecureExec.Server.Tests.Console;

/// <summary>
/// The run form's HTML constraints against the server's validator, for the shipped catalog's parameters, judged by a
/// real browser: a value the browser's constraint validation accepts is one the server accepts, except for the rules
/// the field declares server-only (path confinement, option-looking values...), and a value the browser refuses is
/// one the server refuses too.
/// </summary>
[Collection(ConsoleBrowserCollection.Name)]
public sealed class RunFormRulesTests(ConsoleBrowser browser)
{
    private static readonly TemplateCatalog Shipped = CatalogLoader.LoadFile(Repository.PathOf("config", "command_templates.yaml")).Catalog!;

    [Theory]
    [InlineData("grep_log", "text", "error 42", true, true)]
    [InlineData("grep_log", "text", "-v", true, true)]
    [InlineData("grep_log", "text", "user@host:/path=1,2+3", true, true)]
    [InlineData("grep_log", "text", "", false, false)]
    [InlineData("grep_log", "text", "a;b", false, false)]
    [InlineData("grep_log", "text", "$(id)", false, false)]
    [InlineData("grep_log", "text", "café", false, false)]
    [InlineData("grep_log", "text", "a[b]", false, false)]
    [InlineData("grep_log", "max_matches", "500", true, true)]
    [InlineData("grep_log", "max_matches", "1e3", true, true)]
    [InlineData("grep_log", "max_matches", "0", false, false)]
    [InlineData("grep_log", "max_matches", "10001", false, false)]
    [InlineData("grep_log", "max_matches", "2.5", false, false)]
    [InlineData("grep_log", "max_matches", "-3", false, false)]
    [InlineData("grep_log", "logfile", "/var/log/syslog", true, true)]
    [InlineData("grep_log", "logfile", "", false, false)]
    [InlineData("grep_log", "logfile", "/var/log/../../etc/shadow", true, false)]
    [InlineData("grep_log", "logfile", "/etc/passwd", true, false)]
    [InlineData("grep_log", "logfile", "-rf", true, false)]
    [InlineData("grep_log", "logfile", "/var/log/$(id)", true, false)]
    [InlineData("tail_log", "lines", "5000", true, true)]
    [InlineData("tail_log", "lines", "5001", false, false)]
    [InlineData("view_file", "max_bytes", "1048576", true, true)]
    [InlineData("view_file", "max_bytes", "1048577", false, false)]
    [InlineData("list_files", "options", "-la", true, true)]
    [InlineData("disk_usage", "options", "-i", true, true)]
    [InlineData("dns_lookup", "hostname", "example.com", true, true)]
    [InlineData("dns_lookup", "hostname", "example.com.", true, true)]
    [InlineData("dns_lookup", "hostname", "xn--bcher-kva.example", true, true)]
    [InlineData("dns_lookup", "hostname", "localhost", true, true)]
    [InlineData("dns_lookup", "hostname", "-oProxyCommand=id", false, false)]
    [InlineData("dns_lookup", "hostname", "bad-.example", false, false)]
    [InlineData("dns_lookup", "hostname", "a..b", false, false)]
    [InlineData("dns_lookup", "hostname", "ex_ample.com", false, false)]
    [InlineData("dns_lookup", "hostname", "exa mple.com", false, false)]
    [InlineData("dns_lookup", "hostname", "例え.jp", false, false)]
    [InlineData("dns_lookup", "hostname", "a;id", false, false)]
    [InlineData("dns_lookup", "hostname", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", false, false)]
    [InlineData("ping_host", "count", "10", true, true)]
    [InlineData("ping_host", "count", "11", false, false)]
    [InlineData("check_port", "port", "22", true, true)]
    [InlineData("check_port", "port", "0", false, false)]
    [InlineData("check_port", "port", "65536", false, false)]
    [InlineData("check_port", "port", "", false, false)]
    public async Task BrowserConstraints_AgreeWithTheServer(string templateName, string parameterName, string value, bool browserAccepts, bool serverAccepts)
    {
        var template = Shipped.Find(templateName)!;
        var field = ParameterField.For(template.FindParameter(parameterName)!);

        var server = ServerErrors(template, parameterName, value);
        var page = await NewBlankPageAsync();
        await page.SetContentAsync($"<form>{Html(field)}</form>");
        if (field.Control == FieldControl.Select)
        {
            await page.SelectOptionAsync("#f", value);
        }
        else if (value.Length > 0)
        {
            await page.FillAsync("#f", value);
        }

        var browserSays = await page.EvalOnSelectorAsync<bool>("#f", "e => e.checkValidity()");
        await page.Context.CloseAsync();

        Assert.Equal(browserAccepts, browserSays);
        Assert.Equal(serverAccepts, server.Count == 0);
        if (browserSays && server.Count > 0)
        {
            // Accepted by the browser, refused by the server: only for a rule the field says the browser cannot check.
            Assert.All(server, e => Assert.Contains(e.Rule, field.ServerOnlyRules));
        }
    }

    [Fact]
    public void EveryShippedParameter_GetsAField_WithItsPatternTranslated()
    {
        foreach (var parameter in Shipped.Templates.SelectMany(t => t.Parameters))
        {
            var field = ParameterField.For(parameter);
            if (parameter.Pattern is not null)
            {
                Assert.True(field.Attributes.ContainsKey("pattern"), $"{parameter.Name}: pattern not expressed in the form");
            }

            Assert.Equal(parameter.Required && parameter.Default is null, field.Attributes.ContainsKey("required"));
        }
    }

    [Theory]
    [InlineData("[A-Za-z0-9 ._:/=@,+-]+", "[A-Za-z0-9 \\._\\:\\/\\=\\@\\,\\+\\-]+")]
    [InlineData("\\d{1,3}(\\.\\d{1,3}){3}", "\\p{Nd}{1,3}(\\.\\p{Nd}{1,3}){3}")]
    [InlineData("[a-z]+-[0-9]+", "[a-z]+-[0-9]+")]
    [InlineData("[^/]+", "[^\\/]+")]
    [InlineData("(?:ab|cd)*", "(?:ab|cd)*")]
    [InlineData("a]b}", "a\\]b\\}")]
    [InlineData("(?<=a)b", null)]
    [InlineData("(?i)abc", null)]
    [InlineData("(?<name>a)\\k<name>", null)]
    [InlineData("(a)\\1", null)]
    [InlineData("[a-z-[aeiou]]", null)]
    [InlineData("\\bword\\b", null)]
    [InlineData("\\p{L}+", null)]
    [InlineData("a{", null)]
    [InlineData("[abc", null)]
    public void Patterns_TranslateForTheBrowser_OrNotAtAll(string dotnet, string? expected) =>
        Assert.Equal(expected, BrowserPattern.Translate(dotnet));

    [Theory]
    [InlineData("[A-Za-z0-9 ._:/=@,+-]+", new[] { "abc", "a-b", "a/b", "a b", "a;b", "a|b", "", "-", "é" })]
    [InlineData("\\d{1,3}(\\.\\d{1,3}){3}", new[] { "1.2.3.4", "1.2.3", "١.٢.٣.٤", "a.b.c.d" })]
    [InlineData("\\w+(-\\w+)*", new[] { "ab_c", "a-b", "é-ü", "a--b", "-a" })]
    [InlineData("[^/]+", new[] { "a", "a/b", "/" })]
    [InlineData("(?!-)[a-z-]{1,10}", new[] { "ab-c", "-ab", "abcdefghijk" })]
    public async Task TranslatedPatterns_MatchTheSameValues_InTheBrowser(string dotnet, string[] values)
    {
        var translated = BrowserPattern.Translate(dotnet);
        Assert.NotNull(translated);
        var pattern = ValuePattern.TryCreate(dotnet, out _)!;
        var page = await NewBlankPageAsync();
        foreach (var value in values)
        {
            var browser = await page.EvaluateAsync<bool>("([p, v]) => new RegExp('^(?:' + p + ')$', 'v').test(v)", new object[] { translated!, value });
            Assert.True(pattern.Matches(value) == browser, $"{dotnet} on '{value}': server {pattern.Matches(value)}, browser {browser}");
        }

        await page.Context.CloseAsync();
    }

    private async Task<IPage> NewBlankPageAsync()
    {
        var context = await browser.Browser.NewContextAsync();
        return await context.NewPageAsync();
    }

    private static List<ParameterError> ServerErrors(CommandTemplate template, string parameter, string value)
    {
        var json = FormParameters.ToJson(template, [new(ParameterField.NameOf(parameter), value)]);
        return [.. new ParameterValidator().Validate(template, json).Errors.Where(e => e.Parameter == parameter)];
    }

    /// <summary>The field as the run page renders it (same attributes), with the id <c>f</c>.</summary>
    private static string Html(ParameterField field)
    {
        var attributes = string.Concat(field.Attributes.Select(a => a.Value is true ? $" {a.Key}" : $" {a.Key}=\"{WebUtility.HtmlEncode(a.Value.ToString())}\""));
        if (field.Control != FieldControl.Select)
        {
            return $"<input id=\"f\" name=\"{field.Name}\"{attributes}>";
        }

        var options = (field.EmptyOption ? "<option value=\"\"></option>" : "")
            + string.Concat(field.Options.Select(o => $"<option value=\"{WebUtility.HtmlEncode(o)}\">{WebUtility.HtmlEncode(o)}</option>"));
        return $"<select id=\"f\" name=\"{field.Name}\"{attributes}>{options}</select>";
    }
}
