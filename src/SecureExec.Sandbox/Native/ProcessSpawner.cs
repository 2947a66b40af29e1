using System.Runtime.InteropServices;
using System.Text;

namespace SecureExec.Sandbox.Native;

/// <summary>
/// Starts a program with <c>posix_spawn</c>: an exact argv, an exact environment, stdin on <c>/dev/null</c>,
/// chosen descriptors at chosen numbers and every other descriptor closed. No shell is ever involved.
/// </summary>
internal static unsafe class ProcessSpawner
{
    private const short SetSigDefault = 0x04;
    private const short SetSigMask = 0x08;
    private const int ActionsSize = 256;
    private const int AttributesSize = 1024;
    private const int SigSetSize = 128;
    private const int SigKill = 9;
    private const int SigStop = 19;

    /// <param name="path">Absolute path of the program.</param>
    /// <param name="argv">Full argv, argv[0] included.</param>
    /// <param name="environment">Entries of the form NAME=value.</param>
    /// <param name="descriptors">Child descriptor number → parent descriptor; 0, 1 and 2 default to /dev/null.</param>
    public static int Spawn(string path, IReadOnlyList<string> argv, IReadOnlyList<string> environment, IReadOnlyDictionary<int, int> descriptors) =>
        SpawnThread.Run(() => SpawnHere(path, argv, environment, descriptors));

    private static int SpawnHere(string path, IReadOnlyList<string> argv, IReadOnlyList<string> environment, IReadOnlyDictionary<int, int> descriptors)
    {
        var strings = new List<nint>();
        var actions = NativeMemory.AllocZeroed(ActionsSize);
        var attributes = NativeMemory.AllocZeroed(AttributesSize);
        var signals = NativeMemory.AllocZeroed(SigSetSize);
        try
        {
            Check(Posix.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            Check(Posix.posix_spawnattr_init(attributes), "posix_spawnattr_init");

            var devNull = Utf8("/dev/null", strings);
            for (var standard = 0; standard <= 2; standard++)
            {
                if (!descriptors.ContainsKey(standard))
                {
                    Check(Posix.posix_spawn_file_actions_addopen(actions, standard, devNull, Posix.ORdwr, 0), "addopen");
                }
            }

            foreach (var (childFd, parentFd) in descriptors.OrderBy(pair => pair.Key))
            {
                Check(Posix.posix_spawn_file_actions_adddup2(actions, parentFd, childFd), "adddup2");
            }

            var firstClosed = descriptors.Count == 0 ? 3 : Math.Max(3, descriptors.Keys.Max() + 1);
            Check(Posix.posix_spawn_file_actions_addclosefrom_np(actions, firstClosed), "addclosefrom_np");

            // .NET ignores SIGPIPE and may block signals; an ignored disposition would survive exec.
            Check(Posix.sigfillset(signals), "sigfillset");
            Check(Posix.sigdelset(signals, SigKill), "sigdelset");
            Check(Posix.sigdelset(signals, SigStop), "sigdelset");
            Check(Posix.posix_spawnattr_setsigdefault(attributes, signals), "setsigdefault");
            Check(Posix.sigemptyset(signals), "sigemptyset");
            Check(Posix.posix_spawnattr_setsigmask(attributes, signals), "setsigmask");
            Check(Posix.posix_spawnattr_setflags(attributes, SetSigDefault | SetSigMask), "setflags");

            var argvArray = NullTerminated(argv, strings);
            var envArray = NullTerminated(environment, strings);
            int pid;
            var result = Posix.posix_spawn(&pid, Utf8(path, strings), actions, attributes, argvArray, envArray);
            if (result != 0)
            {
                throw new InvalidOperationException($"posix_spawn {path} failed: {Marshal.GetPInvokeErrorMessage(result)} (errno {result})");
            }

            return pid;
        }
        finally
        {
            _ = Posix.posix_spawn_file_actions_destroy(actions);
            _ = Posix.posix_spawnattr_destroy(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
            foreach (var pointer in strings)
            {
                Marshal.FreeHGlobal(pointer);
            }
        }
    }

    private static byte** NullTerminated(IReadOnlyList<string> values, List<nint> strings)
    {
        var array = (byte**)Marshal.AllocHGlobal((values.Count + 1) * sizeof(nint));
        strings.Add((nint)array);
        for (var i = 0; i < values.Count; i++)
        {
            array[i] = Utf8(values[i], strings);
        }

        array[values.Count] = null;
        return array;
    }

    private static byte* Utf8(string value, List<nint> strings)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("An argument or environment entry contains a NUL byte.", nameof(value));
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        var pointer = Marshal.AllocHGlobal(bytes.Length + 1);
        strings.Add(pointer);
        Marshal.Copy(bytes, 0, pointer, bytes.Length);
        ((byte*)pointer)[bytes.Length] = 0;
        return (byte*)pointer;
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{call} failed: {Marshal.GetPInvokeErrorMessage(result)} (errno {result})");
        }
    }
}
