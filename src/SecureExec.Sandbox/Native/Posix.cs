using System.Runtime.InteropServices;

namespace SecureExec.Sandbox.Native;

/// <summary>The few libc calls the launcher needs that .NET does not expose.</summary>
internal static unsafe partial class Posix
{
    public const int SigKill = 9;
    public const int Eintr = 4;
    public const int Echild = 10;
    public const int Esrch = 3;
    public const int OCloexec = 0x80000;
    public const int ORdonly = 0;
    public const int ORdwr = 2;
    public const uint NsGetUserns = 0xb701;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int wait4(int pid, int* status, int options, RUsage* usage);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitid(int idType, int id, void* info, int options);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ioctl(int fd, nuint request);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint getpwnam(string name);

    [LibraryImport("libc")]
    public static partial uint geteuid();

    [LibraryImport("libc", SetLastError = true)]
    public static partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newFd);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_addopen(void* actions, int fd, byte* path, int flags, uint mode);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_addclosefrom_np(void* actions, int from);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_init(void* attributes);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_destroy(void* attributes);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setflags(void* attributes, short flags);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setsigmask(void* attributes, void* mask);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setsigdefault(void* attributes, void* signals);

    [LibraryImport("libc")]
    public static partial int sigemptyset(void* set);

    [LibraryImport("libc")]
    public static partial int sigfillset(void* set);

    [LibraryImport("libc")]
    public static partial int sigdelset(void* set, int signal);

    /// <summary>The prefix of <c>struct rusage</c> that matters here: user and system CPU time.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public fixed long Rest[14];
    }

    public static Exception Error(string call) =>
        new InvalidOperationException($"{call} failed: {Marshal.GetLastPInvokeErrorMessage()} (errno {Marshal.GetLastPInvokeError()})");

    /// <summary>Looks up a host user's uid and gid, or null when there is no such user.</summary>
    public static (uint Uid, uint Gid)? LookUpUser(string name)
    {
        var entry = getpwnam(name);
        if (entry == 0)
        {
            return null;
        }

        // struct passwd { char* pw_name; char* pw_passwd; uid_t pw_uid; gid_t pw_gid; ... }
        return ((uint)Marshal.ReadInt32(entry, 16), (uint)Marshal.ReadInt32(entry, 20));
    }
}
