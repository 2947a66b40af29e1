using Microsoft.Win32.SafeHandles;

namespace SecureExec.Sandbox.Native;

/// <summary>A close-on-exec pipe; the child gets one end through <c>dup2</c>, the parent keeps the other.</summary>
internal sealed class PipePair : IDisposable
{
    private PipePair(int readFd, int writeFd)
    {
        ReadFd = readFd;
        WriteFd = writeFd;
    }

    public int ReadFd { get; private set; }

    public int WriteFd { get; private set; }

    public static unsafe PipePair Create()
    {
        var fds = stackalloc int[2];
        if (Posix.pipe2(fds, Posix.OCloexec) != 0)
        {
            throw Posix.Error("pipe2");
        }

        return new PipePair(fds[0], fds[1]);
    }

    /// <summary>Hands the read end to a stream the caller owns.</summary>
    public SafeFileHandle TakeReadEnd()
    {
        var handle = new SafeFileHandle(ReadFd, ownsHandle: true);
        ReadFd = -1;
        return handle;
    }

    /// <summary>Hands the write end to a stream the caller owns.</summary>
    public SafeFileHandle TakeWriteEnd()
    {
        var handle = new SafeFileHandle(WriteFd, ownsHandle: true);
        WriteFd = -1;
        return handle;
    }

    /// <summary>Hands the read end to a pipe stream, whose asynchronous reads do not hold a thread.</summary>
    public SafePipeHandle TakeReadPipe()
    {
        var handle = new SafePipeHandle(ReadFd, ownsHandle: true);
        ReadFd = -1;
        return handle;
    }

    public void CloseReadEnd() => ReadFd = Close(ReadFd);

    public void CloseWriteEnd() => WriteFd = Close(WriteFd);

    public void Dispose()
    {
        CloseReadEnd();
        CloseWriteEnd();
    }

    private static int Close(int fd)
    {
        if (fd >= 0)
        {
            _ = Posix.close(fd);
        }

        return -1;
    }
}
