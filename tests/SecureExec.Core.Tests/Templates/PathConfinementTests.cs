using System.Text.Json;
using SecureExec.Core.Templates.Validation;
using static SecureExec.Core.Tests.TestSupport;

namespace SecureExec.Core.Tests.Templates;

/// <summary>Symbolic links on the real filesystem: a path is confined by where the kernel will really open it.</summary>
public sealed class PathConfinementTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("secureexec-paths-").FullName;

    public PathConfinementTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "allowed", "logs"));
        Directory.CreateDirectory(Path.Combine(_root, "outside"));
        Directory.CreateDirectory(Path.Combine(_root, "allowed", "private"));
        File.WriteAllText(Path.Combine(_root, "outside", "secret"), "x");
        File.WriteAllText(Path.Combine(_root, "allowed", "logs", "app.log"), "x");
        Link("allowed/escape", "../outside");
        Link("allowed/escape-absolute", Path.Combine(_root, "outside", "secret"));
        Link("allowed/inside", "logs/app.log");
        Link("allowed/chain", "chain2");
        Link("allowed/chain2", "escape");
        Link("allowed/loop", "loop");
        Link("allowed/to-private", "private");
        Link("published", "allowed");
    }

    [Theory]
    [InlineData("allowed/escape/secret", ValidationRules.SymlinkEscape)]
    [InlineData("allowed/escape-absolute", ValidationRules.SymlinkEscape)]
    [InlineData("allowed/chain/secret", ValidationRules.SymlinkEscape)]
    [InlineData("allowed/to-private/key", ValidationRules.SymlinkEscape)]
    [InlineData("allowed/inside", null)]
    [InlineData("allowed/logs/app.log", null)]
    [InlineData("allowed/logs/not-yet-there.log", null)]
    [InlineData("allowed/loop", ValidationRules.SymlinkEscape)]
    public void Validate_PathThroughSymlink_IsConfinedWhereItLeads(string relative, string? rule)
    {
        var template = OneParameter($"{{type: path, allowed_paths: [{_root}/allowed], forbidden_paths: [{_root}/allowed/private]}}");

        var result = ValidateValue(template, JsonSerializer.Serialize(Path.Combine(_root, relative)), HostPathResolver.Instance);

        if (rule is null)
        {
            Assert.True(result.IsValid, string.Join("; ", result.Errors));
        }
        else
        {
            var error = Assert.Single(result.Errors);
            Assert.Equal(rule, error.Rule);
            Assert.True(error.IsInjectionAttempt);
        }
    }

    [Fact]
    public void Validate_AllowedRootThatIsItselfASymlink_AdmitsPathsBelowIt()
    {
        var template = OneParameter($"{{type: path, allowed_paths: [{_root}/published]}}");

        var result = ValidateValue(template, JsonSerializer.Serialize($"{_root}/published/logs/app.log"), HostPathResolver.Instance);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Resolve_FollowsRelativeAndAbsoluteLinks()
    {
        Assert.Equal($"{_root}/outside/secret", HostPathResolver.Instance.Resolve($"{_root}/allowed/escape/secret"));
        Assert.Equal($"{_root}/allowed/logs/app.log", HostPathResolver.Instance.Resolve($"{_root}/allowed/inside"));
        Assert.Equal($"{_root}/allowed/none/x", HostPathResolver.Instance.Resolve($"{_root}/allowed/none/x"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Link(string at, string target) => File.CreateSymbolicLink(Path.Combine(_root, at), target);
}
