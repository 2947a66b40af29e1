namespace SecureExec.Sandbox.Seccomp;

/// <summary>
/// The syscalls a sandboxed command never needs. Everything else is allowed: the namespaces, capabilities,
/// cgroup and rlimits do the confining; this list removes the kernel attack surface on top of them.
/// </summary>
internal static class SeccompPolicy
{
    public const int Eperm = 1;
    public const int Enosys = 38;

    /// <summary>Refused with EPERM whatever their arguments.</summary>
    public static IReadOnlyList<string> Refused { get; } =
    [
        // mounts and filesystem views
        "mount", "umount2", "pivot_root", "chroot", "fsopen", "fsconfig", "fsmount", "fspick", "move_mount",
        "open_tree", "mount_setattr",
        // namespaces
        "unshare", "setns",
        // other processes' memory
        "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
        // kernel modules and kexec
        "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load",
        // kernel programs, tracing and keyrings
        "bpf", "perf_event_open", "add_key", "request_key", "keyctl", "userfaultfd", "fanotify_init",
        // handles, host state, accounting
        "open_by_handle_at", "name_to_handle_at", "reboot", "swapon", "swapoff", "syslog", "acct", "quotactl",
        "quotactl_fd", "lookup_dcookie", "nfsservctl", "vhangup", "iopl", "ioperm", "settimeofday", "clock_settime",
        "clock_adjtime", "adjtimex", "sethostname", "setdomainname", "uselib", "personality",
        // io_uring submits work the filter cannot see
        "io_uring_setup", "io_uring_enter", "io_uring_register",
    ];

    /// <summary>Answered with ENOSYS so that libc falls back to <c>clone</c>, whose flags the filter can read.</summary>
    public static IReadOnlyList<string> Unimplemented { get; } = ["clone3"];

    /// <summary>Namespace flags refused in <c>clone</c>'s first argument.</summary>
    public static IReadOnlyList<ulong> CloneNamespaceFlags { get; } =
    [
        0x00020000, // CLONE_NEWNS
        0x02000000, // CLONE_NEWCGROUP
        0x04000000, // CLONE_NEWUTS
        0x08000000, // CLONE_NEWIPC
        0x10000000, // CLONE_NEWUSER
        0x20000000, // CLONE_NEWPID
        0x40000000, // CLONE_NEWNET
    ];

    /// <summary>Terminal ioctls that push input into another program's terminal.</summary>
    public static IReadOnlyList<ulong> RefusedIoctls { get; } =
    [
        0x5412, // TIOCSTI
        0x541C, // TIOCLINUX
    ];
}
