namespace SecureExec.Sandbox.Tests;

/// <summary>
/// A template's allowed roots are shown read-only at the same place; its forbidden roots stay hidden inside them;
/// nothing else of the host appears.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class PublishedPathsTests(SandboxFixture sandbox) : IDisposable
{
    // Not under /tmp: the sandbox has a /tmp of its own.
    private readonly string _root = Directory.CreateDirectory($"/var/tmp/secureexec-published-{Guid.NewGuid():N}").FullName;

    [Fact]
    public async Task AllowedRoot_IsReadableAndReadOnly_ForbiddenInsideItIsHidden_RestIsAbsent()
    {
        var published = Write("published/app.log", "visible line");
        Write("published/keys/id_ed25519", "private key");
        Write("published/token", "token value");
        var unpublished = Write("unpublished/other.log", "not for the sandbox");
        var profile = SandboxFixture.Profile with
        {
            ReadOnlyPaths = [Path.Combine(_root, "published")],
            HiddenPaths = [Path.Combine(_root, "published", "keys"), Path.Combine(_root, "published", "token")],
        };

        var run = await sandbox.RunAsync(profile, "/bin/sh", "-c",
            $"cat {published}; ls -A {_root}/published/keys | wc -l; wc -c < {_root}/published/token; " +
            $"cat {unpublished} 2>/dev/null || echo unpublished-absent; " +
            $"echo x > {_root}/published/new 2>/dev/null || echo read-only");

        Assert.True(run.Result.Status == SandboxStatus.Succeeded, run.ToString());
        Assert.Equal(["visible line", "0", "0", "unpublished-absent", "read-only"], run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        Assert.False(File.Exists(Path.Combine(_root, "published", "new")));
        sandbox.AssertNothingLeft(run);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/proc")]
    [InlineData("/sys/fs/cgroup")]
    [InlineData("/dev")]
    [InlineData("/srv/../etc")]
    [InlineData("relative")]
    public async Task UnpublishablePath_IsRefusedBeforeAnythingRuns(string path)
    {
        var run = await sandbox.RunAsync(SandboxFixture.Profile with { ReadOnlyPaths = [path] }, "/bin/true");

        Assert.Equal(SandboxStatus.SandboxError, run.Result.Status);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n");
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(path)!); dir.FullName.Length >= _root.Length; dir = dir.Parent!)
        {
            File.SetUnixFileMode(dir.FullName, (UnixFileMode)0b111_101_101);
        }

        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        return path;
    }
}
