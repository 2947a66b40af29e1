using SecureExec.Sandbox.Native;

namespace SecureExec.Sandbox.Seccomp;

/// <summary>
/// The compiled BPF program of <see cref="SeccompPolicy"/>, built once with libseccomp and handed to each run
/// through a pipe that bubblewrap reads with <c>--seccomp</c>. Syscalls of a foreign architecture (i386, x32)
/// kill the process: that is libseccomp's default for architectures not in the filter.
/// </summary>
internal sealed class SeccompFilter
{
    private readonly byte[] _program;

    private SeccompFilter(byte[] program) => _program = program;

    public int ProgramLength => _program.Length;

    public static unsafe SeccompFilter Build()
    {
        var context = LibSeccomp.seccomp_init(LibSeccomp.ActAllow);
        if (context == 0)
        {
            throw new InvalidOperationException("seccomp_init failed.");
        }

        try
        {
            foreach (var name in SeccompPolicy.Refused)
            {
                AddRule(context, name, LibSeccomp.ActErrno(SeccompPolicy.Eperm), null);
            }

            foreach (var name in SeccompPolicy.Unimplemented)
            {
                AddRule(context, name, LibSeccomp.ActErrno(SeccompPolicy.Enosys), null);
            }

            foreach (var flag in SeccompPolicy.CloneNamespaceFlags)
            {
                AddRule(context, "clone", LibSeccomp.ActErrno(SeccompPolicy.Eperm), new LibSeccomp.ArgumentComparison
                {
                    Argument = 0,
                    Operator = LibSeccomp.Comparison.MaskedEqual,
                    DatumA = flag,
                    DatumB = flag,
                });
            }

            foreach (var request in SeccompPolicy.RefusedIoctls)
            {
                AddRule(context, "ioctl", LibSeccomp.ActErrno(SeccompPolicy.Eperm), new LibSeccomp.ArgumentComparison
                {
                    Argument = 1,
                    Operator = LibSeccomp.Comparison.MaskedEqual,
                    DatumA = 0xffffffff,
                    DatumB = request,
                });
            }

            return new SeccompFilter(Export(context));
        }
        finally
        {
            LibSeccomp.seccomp_release(context);
        }
    }

    /// <summary>A pipe holding the program, write end closed; the caller passes the read end to bubblewrap.</summary>
    public PipePair WriteToPipe()
    {
        var pipe = PipePair.Create();
        try
        {
            using (var writer = new FileStream(pipe.TakeWriteEnd(), FileAccess.Write, 1))
            {
                writer.Write(_program);
            }

            return pipe;
        }
        catch
        {
            pipe.Dispose();
            throw;
        }
    }

    private static unsafe void AddRule(nint context, string name, uint action, LibSeccomp.ArgumentComparison? comparison)
    {
        var syscall = LibSeccomp.seccomp_syscall_resolve_name(name);
        if (syscall == LibSeccomp.NrError)
        {
            return; // not a syscall on this architecture
        }

        var value = comparison.GetValueOrDefault();
        var result = LibSeccomp.seccomp_rule_add_array(context, action, syscall, comparison is null ? 0u : 1u, comparison is null ? null : &value);
        if (result != 0)
        {
            throw new InvalidOperationException($"seccomp_rule_add({name}) failed with {result}.");
        }
    }

    private static byte[] Export(nint context)
    {
        using var pipe = PipePair.Create();
        if (LibSeccomp.seccomp_export_bpf(context, pipe.WriteFd) != 0)
        {
            throw new InvalidOperationException("seccomp_export_bpf failed.");
        }

        pipe.CloseWriteEnd();
        using var reader = new FileStream(pipe.TakeReadEnd(), FileAccess.Read, 1);
        using var buffer = new MemoryStream();
        reader.CopyTo(buffer);
        return buffer.ToArray();
    }
}
