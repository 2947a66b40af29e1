namespace SecureExec.Sandbox.Tests;

/// <summary>
/// SECURITY.md's containment checklist, one row per check. Each row is a payload run inside the real sandbox that
/// prints exactly "contained" when the check holds, and anything else (the evidence) when it does not.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class ContainmentTests(SandboxFixture sandbox)
{
    private const string Contained = "contained";

    [Theory]
    [InlineData("no effective capabilities", "grep -qx 'CapEff:[[:space:]]*0000000000000000' /proc/self/status && echo contained")]
    [InlineData("empty bounding set", "grep -qx 'CapBnd:[[:space:]]*0000000000000000' /proc/self/status && echo contained")]
    [InlineData("no permitted or ambient capabilities", "grep -qx 'CapPrm:[[:space:]]*0000000000000000' /proc/self/status && grep -qx 'CapAmb:[[:space:]]*0000000000000000' /proc/self/status && echo contained")]
    [InlineData("no_new_privs set", "grep -qx 'NoNewPrivs:[[:space:]]*1' /proc/self/status && echo contained")]
    [InlineData("seccomp filtering", "grep -qx 'Seccomp:[[:space:]]*2' /proc/self/status && echo contained")]
    [InlineData("non-root uid inside", "[ \"$(id -u)\" = 65534 ] && [ \"$(id -g)\" = 65534 ] && echo contained")]
    [InlineData("core_pattern not writable", "if echo '|/tmp/pwn' > /proc/sys/kernel/core_pattern 2>/dev/null; then echo escaped; else echo contained; fi")]
    [InlineData("no nested user namespace (unshare -U)", "if unshare -U true 2>/dev/null; then echo escaped; else echo contained; fi")]
    [InlineData("no nested user namespace (unshare -r)", "if unshare -r true 2>/dev/null; then echo escaped; else echo contained; fi")]
    [InlineData("only the sandbox's processes", "[ \"$(cat /proc/1/comm)\" = bwrap ] && [ -z \"$(cat /proc/[0-9]*/comm 2>/dev/null | grep -vxE 'bwrap|sh|cat|grep')\" ] && echo contained")]
    [InlineData("no /etc/shadow", "[ ! -e /etc/shadow ] && [ ! -e /etc/gshadow ] && [ ! -e /etc/sudoers ] && echo contained")]
    [InlineData("no host home directories", "[ ! -e /home ] && [ ! -e /root ] && ! grep -q /home /etc/passwd && echo contained")]
    [InlineData("no host users", "[ \"$(cut -d: -f1 /etc/passwd | tr '\\n' ' ')\" = 'root sandbox ' ] && echo contained")]
    [InlineData("no host sockets or runtime state", "[ ! -e /run ] && [ ! -e /var ] && [ -z \"$(find / \\( -path /proc -o -path /usr \\) -prune -o -type s -print 2>/dev/null)\" ] && echo contained")]
    [InlineData("no host secrets in /etc", "[ ! -e /etc/ssh ] && [ ! -e /etc/machine-id ] && [ ! -e /etc/ssl/private ] && echo contained")]
    [InlineData("no /sys, so no cgroup release_agent", "[ ! -e /sys ] && echo contained")]
    [InlineData("cgroup file system not mountable", "if mount -t cgroup -o memory cgroup /tmp 2>/dev/null; then echo escaped; else echo contained; fi")]
    [InlineData("system paths read-only", "for d in / /usr /usr/bin /etc /dev /proc/sys; do touch $d/pwn 2>/dev/null && echo escaped $d; done; echo contained")]
    [InlineData("workspace read-only unless allowed", "if touch /work/pwn 2>/dev/null; then echo escaped; else echo contained; fi")]
    [InlineData("mount refused", "if mount -t tmpfs none /tmp 2>/dev/null; then echo escaped; else echo contained; fi")]
    [InlineData("unshare of a mount namespace refused", "if unshare -m true 2>/dev/null; then echo escaped; else echo contained; fi")]
    [InlineData("unshare of a network namespace refused", "if unshare -n true 2>/dev/null; then echo escaped; else echo contained; fi")]
    [InlineData("mknod of a device refused", "if mknod /tmp/mem c 1 1 2>/dev/null; then echo escaped; else echo contained; fi")]
    [InlineData("/proc/sys not writable", "if echo 1 > /proc/sys/kernel/sysrq 2>/dev/null; then echo escaped; else echo contained; fi")]
    [InlineData("/proc/sysrq-trigger not writable", "if echo h > /proc/sysrq-trigger 2>/dev/null; then echo escaped; else echo contained; fi")]
    [InlineData("setuid binaries do not elevate", "grep ' /usr ' /proc/self/mounts | grep -q nosuid && grep -qx 'NoNewPrivs:[[:space:]]*1' /proc/self/status && ! su -c true root </dev/null 2>/dev/null && echo contained")]
    [InlineData("no network interfaces but loopback", "[ \"$(ls /proc/sys/net/ipv4/conf | tr '\\n' ' ')\" = 'all default lo ' ] && echo contained")]
    [InlineData("no server environment", "[ -z \"$(env | cut -d= -f1 | grep -vxE 'HOME|LANG|PATH|PWD|SHLVL|_|OLDPWD')\" ] && [ \"$HOME\" = /work ] && echo contained")]
    [InlineData("no server file descriptors", "[ \"$(ls /proc/self/fd | tr '\\n' ' ')\" = '0 1 2 3 ' ] && [ \"$(readlink /proc/self/fd/0)\" = /dev/null ] && echo contained")]
    [InlineData("own hostname", "[ \"$(hostname)\" = sandbox ] && echo contained")]
    [InlineData("no core dumps", "[ \"$(ulimit -c)\" = 0 ] && echo contained")]
    public async Task Payload_InsideTheSandbox_IsContained(string check, string payload)
    {
        var run = await sandbox.ShAsync(payload);

        Assert.True(run.Stdout.Trim() == Contained && run.Result.Status == SandboxStatus.Succeeded, $"{check}: {run}");
        sandbox.AssertNothingLeft(run);
    }

    [Theory]
    [InlineData("writes land in the workspace", "echo data > /work/file && [ \"$(cat /work/file)\" = data ] && echo contained")]
    [InlineData("system paths stay read-only", "for d in / /usr /etc; do touch $d/pwn 2>/dev/null && echo escaped $d; done; echo contained")]
    [InlineData("the size-limited /tmp and /dev/shm are writable", "echo data > /tmp/file && echo data > /dev/shm/file && echo contained")]
    public async Task Payload_WithFileWrites_WritesOnlyInTheWorkspace(string check, string payload)
    {
        var run = await sandbox.ShAsync(payload, SandboxFixture.Profile with { AllowFileWrite = true });

        Assert.True(run.Stdout.Trim() == Contained && run.Result.Status == SandboxStatus.Succeeded, $"{check}: {run}");
        sandbox.AssertNothingLeft(run);
    }

    [Fact]
    public async Task CorePattern_OnTheHost_IsUnchangedAfterAnEscapeAttempt()
    {
        var before = await File.ReadAllTextAsync("/proc/sys/kernel/core_pattern");

        var run = await sandbox.ShAsync("echo '|/tmp/pwn' > /proc/sys/kernel/core_pattern", SandboxFixture.Profile with { AllowFileWrite = true });

        Assert.Equal(SandboxStatus.Failed, run.Result.Status);
        Assert.Equal(before, await File.ReadAllTextAsync("/proc/sys/kernel/core_pattern"));
    }

    [Fact]
    public async Task ServerEnvironment_IsNotInherited()
    {
        Environment.SetEnvironmentVariable("SECUREEXEC_TEST_CANARY", "server-secret");

        var run = await sandbox.ShAsync("env");

        Assert.Equal(SandboxStatus.Succeeded, run.Result.Status);
        Assert.DoesNotContain("server-secret", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("PATH=/usr/local/bin:", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfileEnvironment_IsSet_ButCannotReplaceThePath()
    {
        var withVariable = SandboxFixture.Profile with { Environment = new Dictionary<string, string> { ["GREETING"] = "hello world" } };
        var withPath = SandboxFixture.Profile with { Environment = new Dictionary<string, string> { ["PATH"] = "/tmp" } };

        var run = await sandbox.ShAsync("printf %s \"$GREETING\"", withVariable);
        var refused = await sandbox.ShAsync("true", withPath);

        Assert.Equal("hello world", run.Stdout);
        Assert.Equal(SandboxStatus.SandboxError, refused.Result.Status);
    }

    [Fact]
    public async Task EveryProcessOfARun_IsUnprivilegedOnTheHost()
    {
        var hostUids = await sandbox.HostUidsWhileRunningAsync("sleep 30 & sleep 30 & echo ready; wait");

        Assert.NotEmpty(hostUids);
        Assert.All(hostUids, uid => Assert.Equal(sandbox.Runtime.User.Uid, uid));
        Assert.DoesNotContain(0u, hostUids);
    }
}
