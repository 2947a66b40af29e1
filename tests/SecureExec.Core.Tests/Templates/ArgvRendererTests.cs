using static SecureExec.Core.Tests.TestSupport;

namespace SecureExec.Core.Tests.Templates;

public sealed class ArgvRendererTests
{
    [Theory]
    [InlineData("ls {opt} {p}", "{\"p\": \"/srv\"}", new[] { "ls", "/srv" })]
    [InlineData("ls {opt} {p}", "{\"p\": \"/srv\", \"opt\": \"-l\"}", new[] { "ls", "-l", "/srv" })]
    [InlineData("tool --count={n} {p}", "{\"p\": \"/srv\"}", new[] { "tool", "/srv" })]
    [InlineData("tool --count={n} {p}", "{\"p\": \"/srv\", \"n\": 3}", new[] { "tool", "--count=3", "/srv" })]
    [InlineData("tool {p}:{n}", "{\"p\": \"/srv\", \"n\": 3}", new[] { "tool", "/srv:3" })]
    [InlineData("tool {p}:{n}", "{\"p\": \"/srv\"}", new[] { "tool" })]
    [InlineData("tool {p} {p}", "{\"p\": \"/a b\"}", new[] { "tool", "/a b", "/a b" })]
    [InlineData("tool {{literal}} {p}", "{\"p\": \"/x\"}", new[] { "tool", "{literal}", "/x" })]
    [InlineData("tool -e {s} end", "{\"s\": \"\"}", new[] { "tool", "-e", "", "end" })]
    [InlineData("tool x={s} end", "{\"s\": \"\"}", new[] { "tool", "x=", "end" })]
    [InlineData("tool {opt} end", "{\"opt\": \"\"}", new[] { "tool", "end" })]
    public void Render_TokensBecomeOneArgvElementEach(string command, string parameters, string[] argv)
    {
        var declared = "{opt: {type: enum, required: false, allowed_values: [\"-l\", \"\"]}, p: {type: path, required: false},"
            + " n: {type: int, required: false}, s: {type: string, required: false}}";
        var used = new[] { "opt", "p", "n", "s" }.Where(name => command.Contains('{' + name + '}', StringComparison.Ordinal));
        var template = Template(command, "{" + string.Join(", ", used.Select(name => Between(declared, name))) + "}");

        var result = Validate(template, parameters);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(argv, result.Request!.Argv);
    }

    [Fact]
    public void Render_SeedShowDate_EmptyDefaultDropsTheToken()
    {
        var template = Template("date {format}", "{format: {type: enum, required: false, default: \"\", allowed_values: [\"\", \"+%s\", \"+%Y-%m-%d %H:%M:%S\"]}}");

        Assert.Equal(["date"], Validate(template, "{}").Request!.Argv);
        Assert.Equal(["date", "+%Y-%m-%d %H:%M:%S"], Validate(template, """{"format": "+%Y-%m-%d %H:%M:%S"}""").Request!.Argv);
    }

    [Fact]
    public void Template_TokensAreSplitOnceAtLoad()
    {
        var template = Template("grep  -n   -e {t} {f}", "{t: {type: string}, f: {type: path}}");

        Assert.Equal(5, template.Tokens.Count);
        Assert.Equal("grep -n -e {t} {f}", template.CommandText);
        Assert.True(template.Tokens[0].IsLiteral);
        Assert.True(template.Tokens[3].IsSinglePlaceholder);
    }

    private static string Between(string declared, string name)
    {
        var start = declared.IndexOf(name + ": {", StringComparison.Ordinal);
        var end = declared.IndexOf('}', start);
        return declared[start..(end + 1)];
    }
}
