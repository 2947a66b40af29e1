using System.Text;
using System.Text.Json;
using SecureExec.Core.Templates;
using SecureExec.Core.Templates.Validation;
using static SecureExec.Core.Tests.TestSupport;

namespace SecureExec.Core.Tests.Templates;

/// <summary>
/// The injection classes of SECURITY.md, one theory per class, one row per payload. For every payload: either the
/// value is refused and the refusal is marked as an injection attempt, or it reaches the program as exactly one
/// literal argv element. Adding a payload is one line.
/// </summary>
public sealed class InjectionTests
{
    private static readonly CommandTemplate FreeText = OneParameter("{type: string}");
    private static readonly CommandTemplate PatternText = OneParameter("{type: string, pattern: \".*\"}");
    private static readonly CommandTemplate Host = OneParameter("{type: hostname}");
    private static readonly CommandTemplate FilePath = OneParameter("{type: path, allowed_paths: [/srv/data]}");
    private static readonly CommandTemplate Literal = OneParameter("{type: string, allow_shell_syntax: true, allow_leading_dash: true}");

    [Theory]
    [InlineData("a;id")]
    [InlineData("a ; id")]
    [InlineData("a|id")]
    [InlineData("a||id")]
    [InlineData("a&id")]
    [InlineData("a&&id")]
    [InlineData("a\nid")]
    [InlineData("a\r\nid")]
    [InlineData("a\u001aid")]
    [InlineData("a';id;'")]
    [InlineData("a\";id;\"")]
    [InlineData("a\\;id")]
    [InlineData("\uff1bid")] // fullwidth semicolon
    [InlineData("a\uff5cid")] // fullwidth vertical line
    [InlineData("a\ufe54id")] // small semicolon
    [InlineData("a\u037eid")] // Greek question mark, canonically a semicolon
    [InlineData("a\uff06\uff06id")] // fullwidth ampersands
    public void SeparatorsAndChaining_AreContained(string payload) => AssertShellSyntaxContained(payload);

    [Theory]
    [InlineData("`id`")]
    [InlineData("$(id)")]
    [InlineData("a$(id)b")]
    [InlineData("${HOME}")]
    [InlineData("$'\\x69\\x64'")]
    [InlineData("'$(id)'")]
    [InlineData("\"`id`\"")]
    [InlineData("i''d")]
    [InlineData("i\"\"d")]
    [InlineData("$(printf${IFS}id)")]
    [InlineData("\uff04(id)")] // fullwidth dollar
    [InlineData("\uff40id\uff40")] // fullwidth grave accents
    public void Substitution_IsContained(string payload) => AssertShellSyntaxContained(payload);

    [Theory]
    [InlineData("${IFS}cat${IFS}/etc/passwd")]
    [InlineData("cat$IFS/etc/passwd")]
    [InlineData("cat\t/etc/passwd")]
    [InlineData("{cat,/etc/passwd}")]
    [InlineData("<id")]
    [InlineData(">out")]
    [InlineData("cat</etc/passwd")]
    [InlineData("a>>/etc/profile")]
    [InlineData("a2>&1")]
    [InlineData("\uff1cid")] // fullwidth less-than
    public void SpacelessForms_AreContained(string payload) => AssertShellSyntaxContained(payload);

    [Theory]
    [InlineData("*")]
    [InlineData("/et?/passwd")]
    [InlineData("[a-z]*")]
    [InlineData("$HOME")]
    [InlineData("${PATH%%u*}")]
    [InlineData("~root")]
    [InlineData("~")]
    [InlineData("!!")]
    [InlineData("\uff0a")] // fullwidth asterisk
    public void GlobsAndVariables_AreContained(string payload) => AssertShellSyntaxContained(payload);

    [Theory]
    [InlineData("--checkpoint-action=exec=sh")]
    [InlineData("-oProxyCommand=id")]
    [InlineData("-rf")]
    [InlineData("--help")]
    [InlineData("-")]
    [InlineData("--")]
    [InlineData("-e/bin/sh")]
    [InlineData("\uff0drf")] // fullwidth hyphen-minus
    [InlineData("\ufe63rf")] // small hyphen-minus
    public void ArgumentInjection_IsContained(string payload)
    {
        foreach (var template in new[] { FreeText, PatternText, Host })
        {
            AssertRefusedAsAttempt(template, payload);
        }

        AssertRefusedOrOneLiteral(Literal, payload);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("/srv/data/../../etc/passwd")]
    [InlineData("/srv/data/..")]
    [InlineData("..")]
    [InlineData("%2e%2e%2fetc%2fpasswd")]
    [InlineData("%252e%252e%252fetc")]
    [InlineData("..%2fetc")]
    [InlineData("/srv/data/%2e%2e/%2e%2e/etc")]
    [InlineData("%c0%ae%c0%ae/etc")]
    [InlineData("..;/etc")]
    [InlineData("..\\..\\etc")]
    [InlineData("/srv/data\u0000/../../etc")]
    [InlineData("\u2025/etc")] // two dot leader: NFKC ".."
    [InlineData("\uff0e\uff0e/etc")] // fullwidth full stops
    public void PathTraversal_IsRefusedAsAttempt(string payload) => AssertRefusedAsAttempt(FilePath, payload);

    [Theory]
    [InlineData("/srv/dataevil")]
    [InlineData("/srv/data-old/x")]
    [InlineData("/srv")]
    [InlineData("/etc/passwd")]
    [InlineData("/")]
    public void PathPrefixTricks_AreRefused(string payload)
    {
        var result = ValidateValue(FilePath, JsonSerializer.Serialize(payload));

        Assert.Equal(ValidationRules.AllowedPaths, Assert.Single(result.Errors).Rule);
    }

    [Theory]
    [InlineData("....//....//etc", "/srv/data/..../..../etc")]
    [InlineData("./x", "/srv/data/x")]
    [InlineData("/srv/data/./a//b/", "/srv/data/a/b")]
    public void PathOddButConfined_RendersInsideTheRoot(string payload, string rendered)
    {
        var result = ValidateValue(FilePath, JsonSerializer.Serialize(payload));

        Assert.Equal(["echo", rendered], result.Request!.Argv);
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("\u001b[31mred\u001b[0m")]
    [InlineData("\u001b]0;title\u0007")]
    [InlineData("a\u0085b")] // C1 next line
    [InlineData("a\u009bb")] // C1 CSI
    [InlineData("a\u007fb")]
    [InlineData("a\u202eb")] // right-to-left override
    [InlineData("a\u200bb")] // zero-width space
    [InlineData("a\ufeffb")] // byte order mark
    [InlineData("a\u2028b")] // line separator
    [InlineData("a\u2029b")] // paragraph separator
    [InlineData("a\ue000b")] // private use
    [InlineData("\ud800")] // lone surrogate
    [InlineData("a\udc00b")]
    [InlineData("a\ufffdb")] // replacement character: what broken UTF-8 decodes to
    public void NullControlAndInvisibleCharacters_AreRefusedAsAttempt(string payload)
    {
        foreach (var template in new[] { FreeText, PatternText, Host, FilePath, Literal })
        {
            AssertRefusedAsAttempt(template, payload);
        }
    }

    [Theory]
    [InlineData("\uff4c\uff53", "ls")] // fullwidth letters
    [InlineData("\u2126", "\u03a9")] // ohm sign → Greek capital omega
    [InlineData("e\u0301", "\u00e9")] // combining acute accent composes
    [InlineData("\ufb01le", "file")] // ligature
    public void UnicodeLookalikes_AreNormalisedOnceBeforeValidation(string payload, string normalized)
    {
        var result = ValidateValue(FreeText, JsonSerializer.Serialize(payload));

        Assert.Equal(["echo", normalized], result.Request!.Argv);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0xAE, 0xC0, 0xAE })] // overlong "." "."
    [InlineData(new byte[] { 0xE0, 0x80, 0xAF })] // overlong "/"
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // encoded surrogate
    public void InvalidUtf8InJson_IsRefusedAsAttempt(byte[] invalid)
    {
        var bytes = Encoding.ASCII.GetBytes("{\"v\": \"/srv/data/\"}").ToList();
        bytes.InsertRange(17, invalid);
        var parameters = JsonDocument.Parse(bytes.ToArray()).RootElement;

        foreach (var template in new[] { FreeText, FilePath, Literal })
        {
            var result = new ParameterValidator(new LexicalResolver()).Validate(template, parameters);
            Assert.False(result.IsValid);
            Assert.True(result.IsInjectionAttempt);
        }
    }

    [Fact]
    public void PlainRefusal_WithoutShellSyntax_IsNotAnAttempt()
    {
        var result = ValidateValue(Host, "\"bad_host\"");

        Assert.False(result.IsInjectionAttempt);
    }

    [Theory]
    [InlineData("a\nb", "a\\u000ab")]
    [InlineData("\u001b[31m", "\\u001b[31m")]
    [InlineData("a\\u000ab", "a\\u005cu000ab")]
    [InlineData("caf\u00e9", "caf\\u00e9")]
    [InlineData("plain text", "plain text")]
    public void LogText_EncodesSoValuesCannotForgeLines(string value, string encoded)
    {
        Assert.Equal(encoded, LogText.Encode(value));
    }

    private static void AssertShellSyntaxContained(string payload)
    {
        foreach (var template in new[] { FreeText, PatternText, Host, FilePath })
        {
            AssertRefusedAsAttempt(template, payload);
        }

        AssertRefusedOrOneLiteral(Literal, payload);
    }

    private static void AssertRefusedAsAttempt(CommandTemplate template, string payload)
    {
        var result = ValidateValue(template, JsonSerializer.Serialize(payload));

        Assert.False(result.IsValid, $"'{LogText.Encode(payload)}' was accepted by {template.CommandText} ({template.Parameters[0].Type})");
        Assert.True(result.IsInjectionAttempt, $"'{LogText.Encode(payload)}' was refused ({result.Errors[0].Rule}) but not marked as an injection attempt");
    }

    private static void AssertRefusedOrOneLiteral(CommandTemplate template, string payload)
    {
        var result = ValidateValue(template, JsonSerializer.Serialize(payload));
        if (!result.IsValid)
        {
            Assert.True(result.IsInjectionAttempt);
            return;
        }

        var argv = result.Request!.Argv;
        Assert.Equal(2, argv.Count);
        Assert.Equal(payload.Normalize(NormalizationForm.FormKC), argv[1]);
    }
}
