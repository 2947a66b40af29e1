using System.Net;
using System.Net.Sockets;

namespace SecureExec.Sandbox.Tests;

/// <summary>
/// A listener on the host's loopback stands for the server, its database and Redis: no run reaches it, with or
/// without egress. No test sends traffic beyond this machine.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class NetworkTests(SandboxFixture sandbox)
{
    private const string Probe = """
        import socket, sys
        port = int(sys.argv[1])
        for host in ("127.0.0.1", "10.0.2.2", "::1"):
            try:
                socket.create_connection((host, port), timeout=3).close()
                print(host, "connected")
            except OSError as e:
                print(host, "unreachable", e.errno)
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HostLoopbackListener_IsUnreachable(bool allowNetwork)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var profile = SandboxFixture.Profile with { AllowNetwork = allowNetwork };

        var run = await sandbox.RunAsync(profile, "/usr/bin/python3", "-c", Probe, port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(run.Result.Status == SandboxStatus.Succeeded, run.ToString());
        Assert.Equal(3, run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("connected", run.Stdout, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "the listener received a connection");
        sandbox.AssertNothingLeft(run);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ListenerOnTheHostsOwnAddresses_IsUnreachable(bool allowNetwork)
    {
        var hostAddresses = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var probe = "import socket, sys\nfor host in sys.argv[2:]:\n    try:\n        socket.create_connection((host, int(sys.argv[1])), timeout=3).close(); print(host, 'connected')\n    except OSError as e:\n        print(host, 'unreachable', e.errno)";
        var profile = SandboxFixture.Profile with { AllowNetwork = allowNetwork };

        var run = await sandbox.RunAsync(profile, ["/usr/bin/python3", "-c", probe, port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. hostAddresses.Select(a => a.ToString())]);

        Assert.True(run.Result.Status == SandboxStatus.Succeeded, run.ToString());
        Assert.DoesNotContain("connected", run.Stdout, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "the listener received a connection");
    }

    [Theory]
    [InlineData("169.254.0.0/16")] // cloud metadata
    [InlineData("10.0.0.0/8")]
    [InlineData("172.16.0.0/12")]
    [InlineData("192.168.0.0/16")]
    public async Task Egress_ToPrivateNetworks_IsUnroutable_AndTheRunCannotChangeThat(string network)
    {
        var profile = SandboxFixture.Profile with { AllowNetwork = true };

        var run = await sandbox.ShAsync($"ip route show {network}; ip route del {network} 2>/dev/null && echo deleted; ip route show {network}", profile);

        Assert.Equal($"unreachable {network} \nunreachable {network} \n", run.Stdout);
    }

    [Theory]
    [InlineData(false, "lo")]
    [InlineData(true, "lo tap0")]
    public async Task Interfaces_AreOnlyTheSandboxesOwn(bool allowNetwork, string interfaces)
    {
        var profile = SandboxFixture.Profile with { AllowNetwork = allowNetwork };

        var run = await sandbox.ShAsync("ls /sys/class/net 2>/dev/null || ip -o link | cut -d: -f2 | tr -d ' ' | tr '\\n' ' '", profile);

        Assert.Equal(interfaces, run.Stdout.Trim());
    }

    [Fact]
    public async Task Egress_GetsSlirpsAddressAndResolver()
    {
        var profile = SandboxFixture.Profile with { AllowNetwork = true };

        var run = await sandbox.ShAsync("ip -4 -o addr show tap0 | tr -s ' ' | cut -d' ' -f4; cat /etc/resolv.conf", profile);

        Assert.Contains("10.0.2.100/24", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("nameserver 10.0.2.3", run.Stdout, StringComparison.Ordinal);
        sandbox.AssertNothingLeft(run);
        Assert.Empty(HostProcesses.Named("slirp4netns"));
    }
}
