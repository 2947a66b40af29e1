using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecureExec.Core.Templates;
using static SecureExec.Core.Tests.TestSupport;

namespace SecureExec.Core.Tests.Templates;

/// <summary>
/// Whatever text a user sends: when it passes validation, it renders to exactly the template's argv count, with the
/// value intact in one element and every literal token unchanged.
/// </summary>
public sealed class ArgvPropertyTests
{
    private static readonly CommandTemplate Free = Template("grep -n -e {text} --label={label} /var/log/syslog",
        "{text: {type: string, allow_shell_syntax: true, allow_leading_dash: true}, label: {type: string, allow_shell_syntax: true, allow_leading_dash: true}}");

    /// <summary>Text built from what attackers use: metacharacters, dashes, spaces, look-alikes and combining marks.</summary>
    private static readonly Arbitrary<string> HostileText = Gen.ArrayOf(Gen.Elements(
            ' ', ';', '|', '&', '$', '`', '<', '>', '(', ')', '{', '}', '*', '?', '[', ']', '\'', '"', '\\', '!', '~', '#',
            '-', '=', '/', '.', '%', 'a', 'Z', '0', '9', '\u00e9', '\u0301', '\uff1b', '\uff4c', '\ufb01', '\u2126', '\u65e5'))
        .Select(chars => new string(chars))
        .ToArbitrary();

    private static readonly CommandTemplate Confined = Template("cat {path}", "{path: {type: path, allowed_paths: [/srv]}}");

    [Property(MaxTest = 2000)]
    public Property AcceptedText_RendersToOneElement_WithTheValueIntact() =>
        Prop.ForAll(HostileText, HostileText, (text, label) =>
        {
            var result = Validate(Free, JsonSerializer.Serialize(new { text, label }));
            if (!result.IsValid)
            {
                return false; // nothing in this alphabet is refused by these two parameters
            }

            var argv = result.Request!.Argv;
            return argv.Count == 6
                && argv[0] == "grep" && argv[1] == "-n" && argv[2] == "-e" && argv[5] == "/var/log/syslog"
                && argv[3] == text.Normalize(System.Text.NormalizationForm.FormKC)
                && argv[4] == "--label=" + label.Normalize(System.Text.NormalizationForm.FormKC);
        });

    [Property(MaxTest = 2000)]
    public Property AcceptedPath_StaysWithinItsRoot() =>
        Prop.ForAll(HostileText, path =>
        {
            var result = Validate(Confined, JsonSerializer.Serialize(new { path }));

            return !result.IsValid
                || (result.Request!.Argv.Count == 2 && (result.Request.Argv[1] == "/srv" || result.Request.Argv[1].StartsWith("/srv/", StringComparison.Ordinal)));
        });

    [Property(MaxTest = 2000)]
    public Property RefusedText_WithShellSyntax_IsAlwaysAnAttempt() =>
        Prop.ForAll(HostileText, HostileText, (prefix, suffix) =>
            new[] { ";", "|", "&&", "$(", "`", ">" }.All(separator =>
            {
                var result = Validate(Confined, JsonSerializer.Serialize(new { path = prefix + separator + suffix }));
                return !result.IsValid && result.IsInjectionAttempt;
            }));
}
