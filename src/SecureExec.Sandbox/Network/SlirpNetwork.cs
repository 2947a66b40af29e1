using System.IO.Pipes;
using SecureExec.Sandbox.Launch;
using SecureExec.Sandbox.Native;

namespace SecureExec.Sandbox.Network;

/// <summary>
/// Egress for a run that allows network: slirp4netns, as the unprivileged sandbox user, gives the run's own network
/// namespace a user-mode TCP/IP stack. Host loopback is disabled, so 10.0.2.2 never reaches the server's ports.
/// slirp4netns itself runs with no capabilities, no_new_privs and its own seccomp filter.
/// </summary>
internal sealed class SlirpNetwork : IDisposable
{
    private const int NetnsFd = 3;
    private const int UsernsFd = 4;
    private const int ReadyFd = 5;
    private const int ExitFd = 6;
    private readonly ChildProcess _process;
    private readonly PipePair _exit;

    private SlirpNetwork(int pid, PipePair exit)
    {
        _process = new ChildProcess(pid);
        _exit = exit;
    }

    /// <summary>Starts slirp4netns for the sandbox whose first process is <paramref name="sandboxPid"/> and waits until it is ready.</summary>
    public static async Task<SlirpNetwork> StartAsync(SandboxOptions options, SandboxUser user, int sandboxPid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var netns = Posix.open($"/proc/{sandboxPid}/ns/net", Posix.ORdonly | Posix.OCloexec);
        if (netns < 0)
        {
            throw Posix.Error("open netns");
        }

        // The namespace that owns the network namespace; bubblewrap's --disable-userns nests the process one deeper.
        var userns = Posix.ioctl(netns, Posix.NsGetUserns);
        if (userns < 0)
        {
            _ = Posix.close(netns);
            throw Posix.Error("ioctl(NS_GET_USERNS)");
        }

        using var ready = PipePair.Create();
        var exit = PipePair.Create();
        int pid;
        try
        {
            var argv = new List<string>();
            if (user.SwitchesUser)
            {
                argv.AddRange(user.SetprivArguments(options.SetprivPath));
            }

            argv.AddRange([
                // No --enable-sandbox: it needs to be root in the user namespace it joins, which this process is not.
                options.SlirpPath, "--configure", "--mtu=65520", "--disable-host-loopback", "--enable-seccomp",
                $"--userns-path=/proc/self/fd/{UsernsFd}", "--netns-type=path",
                $"--ready-fd={ReadyFd}", $"--exit-fd={ExitFd}", $"/proc/self/fd/{NetnsFd}", "tap0",
            ]);
            var descriptors = new Dictionary<int, int>
            {
                [NetnsFd] = netns,
                [UsernsFd] = userns,
                [ReadyFd] = ready.WriteFd,
                [ExitFd] = exit.ReadFd,
            };
            pid = ProcessSpawner.Spawn(argv[0], argv, HostLauncher.Environment, descriptors);
        }
        catch
        {
            exit.Dispose();
            _ = Posix.close(netns);
            _ = Posix.close(userns);
            throw;
        }

        var network = new SlirpNetwork(pid, exit);
        exit.CloseReadEnd();
        ready.CloseWriteEnd();
        try
        {
            using var readyStream = new AnonymousPipeClientStream(PipeDirection.In, ready.TakeReadPipe());
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            var buffer = new byte[1];
            if (await readyStream.ReadAsync(buffer, timeoutSource.Token) != 1)
            {
                throw new InvalidOperationException("slirp4netns exited before the network was ready.");
            }

            await EgressRoutes.DenyAsync(options, user, netns, userns, timeoutSource.Token);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
        finally
        {
            _ = Posix.close(netns);
            _ = Posix.close(userns);
        }
    }

    public void Dispose()
    {
        _exit.Dispose();
        _process.Kill();
        _process.Exit.Wait(TimeSpan.FromSeconds(10));
    }
}
