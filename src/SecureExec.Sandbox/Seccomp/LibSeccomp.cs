using System.Runtime.InteropServices;

namespace SecureExec.Sandbox.Seccomp;

/// <summary>libseccomp 2.5 through P/Invoke; the non-variadic entry points only.</summary>
internal static unsafe partial class LibSeccomp
{
    public const string Library = "libseccomp.so.2";
    public const uint ActAllow = 0x7fff0000;
    public const int NrError = -1;

    public static uint ActErrno(int errno) => 0x00050000u | ((uint)errno & 0xffff);

    [StructLayout(LayoutKind.Sequential)]
    public struct ArgumentComparison
    {
        public uint Argument;
        public Comparison Operator;
        public ulong DatumA;
        public ulong DatumB;
    }

    public enum Comparison
    {
        NotEqual = 1,
        Equal = 4,
        MaskedEqual = 7,
    }

    [LibraryImport(Library)]
    public static partial nint seccomp_init(uint defaultAction);

    [LibraryImport(Library)]
    public static partial void seccomp_release(nint context);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int seccomp_syscall_resolve_name(string name);

    [LibraryImport(Library)]
    public static partial int seccomp_rule_add_array(nint context, uint action, int syscall, uint count, ArgumentComparison* comparisons);

    [LibraryImport(Library)]
    public static partial int seccomp_export_bpf(nint context, int fd);
}
