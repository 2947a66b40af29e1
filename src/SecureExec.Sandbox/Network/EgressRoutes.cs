using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using SecureExec.Sandbox.Launch;
using SecureExec.Sandbox.Native;

namespace SecureExec.Sandbox.Network;

/// <summary>
/// slirp4netns connects from the host's network namespace, so without more a run could reach anything the host can:
/// the server on its own addresses, the database, Redis, cloud metadata. Before the command starts, the root parent
/// adds "unreachable" routes for those networks inside the run's network namespace; the command, without
/// CAP_NET_ADMIN there, cannot remove them. slirp's own 10.0.2.0/24 stays reachable through its connected route.
/// </summary>
internal static class EgressRoutes
{
    private const int NetnsFd = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task DenyAsync(SandboxOptions options, SandboxUser user, int netns, int userns, CancellationToken cancellationToken)
    {
        var prefixes = (options.EgressDeniedNetworks ?? SandboxOptions.DefaultEgressDeniedNetworks).Concat(HostAddresses()).Distinct();
        var batch = string.Concat(prefixes.Select(prefix => $"route replace unreachable {prefix}\n"));
        await InNamespaceAsync(options, user, netns, userns, [options.IpPath, "-batch", "-"], batch, "Adding the egress deny routes", cancellationToken);

        // ICMP echo (ping) without CAP_NET_RAW: unprivileged ICMP sockets for the sandbox's group, in this namespace only.
        var gid = user.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await InNamespaceAsync(options, user, netns, userns, [options.SysctlPath, "-q", "-w", $"net.ipv4.ping_group_range={gid} {gid}"], "",
            "Allowing unprivileged ICMP sockets", cancellationToken);
    }

    private static async Task InNamespaceAsync(
        SandboxOptions options, SandboxUser user, int netns, int userns, string[] command, string stdin, string what, CancellationToken cancellationToken)
    {
        var argv = new List<string> { options.NsenterPath };
        if (!user.SwitchesUser)
        {
            argv.AddRange([$"--user=/proc/self/fd/{NetnsFd + 1}", "--preserve-credentials"]); // an unprivileged server acts as the namespace owner
        }

        argv.AddRange([$"--net=/proc/self/fd/{NetnsFd}", "--", .. command]);
        using var input = PipePair.Create();
        var child = new ChildProcess(ProcessSpawner.Spawn(argv[0], argv, HostLauncher.Environment, new Dictionary<int, int>
        {
            [0] = input.ReadFd,
            [NetnsFd] = netns,
            [NetnsFd + 1] = userns,
        }));
        input.CloseReadEnd();
        await using (var writer = new FileStream(input.TakeWriteEnd(), FileAccess.Write, 1))
        {
            await writer.WriteAsync(System.Text.Encoding.ASCII.GetBytes(stdin), cancellationToken);
        }

        var exit = await child.Exit.WaitAsync(Timeout, cancellationToken);
        if (exit.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed ({Path.GetFileName(command[0])} exit {exit.ExitCode}, signal {exit.Signal}).");
        }
    }

    private static IEnumerable<string> HostAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(networkInterface => networkInterface.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .Where(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
            .Select(address => address + "/32");
}
