namespace SecureExec.Sandbox.Tests;

/// <summary>
/// Each refused syscall, made directly (python ctypes, so no tool's own fallback hides the answer), fails with EPERM
/// (ENOSYS for clone3) inside the real sandbox. x86_64 syscall numbers.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class SeccompTests(SandboxFixture sandbox)
{
    [Theory]
    [InlineData("mount", 165, 1)]
    [InlineData("umount2", 166, 1)]
    [InlineData("pivot_root", 155, 1)]
    [InlineData("unshare", 272, 1)]
    [InlineData("setns", 308, 1)]
    [InlineData("ptrace", 101, 1)]
    [InlineData("process_vm_readv", 310, 1)]
    [InlineData("process_vm_writev", 311, 1)]
    [InlineData("init_module", 175, 1)]
    [InlineData("finit_module", 313, 1)]
    [InlineData("delete_module", 176, 1)]
    [InlineData("kexec_load", 246, 1)]
    [InlineData("kexec_file_load", 320, 1)]
    [InlineData("bpf", 321, 1)]
    [InlineData("perf_event_open", 298, 1)]
    [InlineData("add_key", 248, 1)]
    [InlineData("request_key", 249, 1)]
    [InlineData("keyctl", 250, 1)]
    [InlineData("userfaultfd", 323, 1)]
    [InlineData("open_by_handle_at", 304, 1)]
    [InlineData("name_to_handle_at", 303, 1)]
    [InlineData("reboot", 169, 1)]
    [InlineData("swapon", 167, 1)]
    [InlineData("swapoff", 168, 1)]
    [InlineData("syslog", 103, 1)]
    [InlineData("acct", 163, 1)]
    [InlineData("io_uring_setup", 425, 1)]
    [InlineData("fsopen", 430, 1)]
    [InlineData("open_tree", 428, 1)]
    [InlineData("clone3", 435, 38)]
    public async Task RefusedSyscall_FailsWithTheFilter_sErrno(string name, int number, int errno)
    {
        var script = $"import ctypes; libc = ctypes.CDLL(None, use_errno=True); r = libc.syscall({number}, 0, 0, 0, 0, 0); print(r, ctypes.get_errno())";

        var run = await sandbox.RunAsync(SandboxFixture.Profile, "/usr/bin/python3", "-c", script);

        Assert.True(run.Stdout.Trim() == $"-1 {errno}", $"{name}: {run}");
    }

    [Theory]
    [InlineData("CLONE_NEWUSER", 0x10000000)]
    [InlineData("CLONE_NEWNS", 0x00020000)]
    [InlineData("CLONE_NEWNET", 0x40000000)]
    [InlineData("CLONE_NEWPID", 0x20000000)]
    [InlineData("CLONE_NEWCGROUP", 0x02000000)]
    public async Task Clone_WithANamespaceFlag_IsRefused(string flag, int value)
    {
        // SIGCHLD (17) as the exit signal; if the clone succeeded the child would print too.
        var script = $"import ctypes; libc = ctypes.CDLL(None, use_errno=True); r = libc.syscall(56, {value} | 17, 0, 0, 0, 0); print(r, ctypes.get_errno())";

        var run = await sandbox.RunAsync(SandboxFixture.Profile, "/usr/bin/python3", "-c", script);

        Assert.True(run.Stdout.Trim() == "-1 1", $"{flag}: {run}");
    }

    [Fact]
    public async Task PlainFork_StillWorks()
    {
        var run = await sandbox.ShAsync("(echo child) && echo parent");

        Assert.Equal("child\nparent\n", run.Stdout);
    }
}
