using System.Net;
using System.Net.Sockets;

namespace SecureExec.Server.Tests.Storage;

/// <summary>
/// A loopback TCP relay to a server, which a test can cut (every connection closed, new ones refused) and restore on
/// the same port: the database "goes away" for one server under test, not for the others on the cluster.
/// </summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private readonly int _target;
    private readonly List<TcpClient> _connections = [];
    private TcpListener _listener;
    private CancellationTokenSource _stop = new();

    public TcpRelay(int target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync(_listener, _stop.Token);
    }

    public int Port { get; }

    /// <summary>Closes every relayed connection and stops listening: connects are refused until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
            _connections.Clear();
        }
    }

    public void Restore()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptAsync(_listener, _stop.Token);
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var inbound = await listener.AcceptTcpClientAsync(cancellationToken);
                var outbound = new TcpClient();
                await outbound.ConnectAsync(IPAddress.Loopback, _target, cancellationToken);
                lock (_connections)
                {
                    _connections.Add(inbound);
                    _connections.Add(outbound);
                }

                _ = PumpAsync(inbound, outbound, cancellationToken);
                _ = PumpAsync(outbound, inbound, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut: the listener stopped.
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken cancellationToken)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // One side closed, or the relay was cut.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
