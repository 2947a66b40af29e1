namespace SecureExec.Sandbox.Tests;

/// <summary>A profile's root filesystem directory replaces the host's system directories.</summary>
[Collection(SandboxCollection.Name)]
public sealed class RootFilesystemTests(SandboxFixture sandbox) : IDisposable
{
    private const string Busybox = "/bin/busybox";
    private readonly string _root = Directory.CreateTempSubdirectory("secureexec-rootfs-").FullName;

    [Fact]
    public async Task BusyboxRoot_IsUsedInsteadOfTheHostUsr()
    {
        BuildBusyboxRoot();
        var profile = SandboxFixture.Profile with { RootFilesystem = _root };

        var run = await sandbox.RunAsync(profile, "/bin/sh", "-c", "busybox | head -1; ls /usr/bin | wc -l; [ -e /usr/bin/python3 ] && echo host-usr-visible; cat /etc/passwd | cut -d: -f1");

        Assert.True(run.Result.Status == SandboxStatus.Succeeded, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("BusyBox", lines[0], StringComparison.Ordinal);
        Assert.Equal("2", lines[1].Trim()); // busybox and sh: nothing of the host's /usr/bin
        Assert.DoesNotContain("host-usr-visible", run.Stdout, StringComparison.Ordinal);
        sandbox.AssertNothingLeft(run);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void BuildBusyboxRoot()
    {
        Assert.True(File.Exists(Busybox), "busybox-static is not installed (scripts/packages-test.txt)");
        var bin = Directory.CreateDirectory(Path.Combine(_root, "usr", "bin")).FullName;
        File.Copy(Busybox, Path.Combine(bin, "busybox"));
        File.CreateSymbolicLink(Path.Combine(bin, "sh"), "busybox");
        File.CreateSymbolicLink(Path.Combine(_root, "bin"), "usr/bin");
        foreach (var directory in new[] { _root, Path.Combine(_root, "usr"), bin })
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }
    }
}
