using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecureExec.Server.Tests.Jobs;

namespace SecureExec.Server.Tests.Streaming;

/// <summary>One event as a client sees it: type, id (output events), and the data's JSON.</summary>
internal sealed record ClientEvent(string Type, string? Id, JsonElement Data)
{
    public string? Text => Type == "output" ? Data.GetProperty("data").GetString() : null;

    public string? Stream => Type == "output" ? Data.GetProperty("stream").GetString() : null;
}

/// <summary>Templates that print over time, and clients for the SSE and WebSocket streams.</summary>
internal static class StreamingTestSupport
{
    /// <summary>
    /// The jobs tests' catalog plus <c>drip</c> (stdout, stderr, stdout, then waits to be cancelled) and <c>ticks</c>
    /// (six lines slowly, then ends). Templates never run a shell, so <c>find</c> prints and sleeps between paths.
    /// </summary>
    public const string Templates = """

          drip:
            command: ["find", "/usr/bin/env", "/usr/bin/no-such-program", "/usr/bin/sleep", "-print", "-name", "sleep", "-exec", "sleep", "600", ";"]
            description: "Prints a line, an error about a missing file and a line, then waits to be cancelled"
            category: "test"
            permissions: {required_scopes: ["test:run"], max_execution_time: 600}
            max_processes: 4
          ticks:
            command: ["find", "/usr/bin/env", "/usr/bin/find", "/usr/bin/sleep", "/usr/bin/seq", "/usr/bin/tail", "/usr/bin/printf", "-print", "-exec", "sleep", "0.2", ";"]
            description: "Prints six paths, one every 0.2 s"
            category: "test"
            permissions: {required_scopes: ["test:run"], max_execution_time: 60}
            max_processes: 4
        """;

    public static string[] Configuration(params string[] overrides) =>
        [$"--SecureExec:Catalog:Path={ServerTestSupport.WriteTemp(JobsTestSupport.TestCatalog + Templates)}",
         $"--SecureExec:Permissions:Path={ServerTestSupport.WriteTemp(JobsTestSupport.TestPermissions)}", .. overrides];

    public static Task<RunningServer> StartAsync(params string[] overrides) => RunningServer.StartAsync(Configuration(overrides));

    public static Task<RunningServer> StartAsync(Action<IServiceCollection> services, params string[] overrides) =>
        RunningServer.StartAsync(services, Configuration(overrides));

    /// <summary>Opens <c>/jobs/{id}/events</c>; the caller reads it with <see cref="ReadEventAsync"/>.</summary>
    public static async Task<HttpResponseMessage> OpenEventsAsync(this HttpClient client, string id, string? lastEventId = null, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/jobs/{id}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>The next SSE event, or null at the end of the stream. Bounded: a stream that stalls fails the test.</summary>
    public static async Task<ClientEvent?> ReadEventAsync(this StreamReader reader)
    {
        string? type = null, id = null, data = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (type is not null)
                {
                    return new ClientEvent(type, id, JsonDocument.Parse(data ?? "{}").RootElement.Clone());
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (field)
            {
                case "event": type = value; break;
                case "id": id = value; break;
                case "data": data = value; break;
            }
        }

        return null;
    }

    /// <summary>Reads events until one of <paramref name="type"/> (included) or the end.</summary>
    public static async Task<List<ClientEvent>> ReadUntilAsync(this StreamReader reader, string type)
    {
        var events = new List<ClientEvent>();
        while (await reader.ReadEventAsync() is { } e)
        {
            events.Add(e);
            if (e.Type == type)
            {
                break;
            }
        }

        return events;
    }

    public static async Task<ClientWebSocket> ConnectAsync(
        this RunningServer server, string path, string? token = null, string? origin = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        }

        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        var uri = new Uri($"ws://{server.BaseAddress.Authority}{path}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch (WebSocketException)
        {
            // the handshake was refused: HttpStatusCode says how
        }

        return socket;
    }

    /// <summary>The next message as an event, or null when the server closed the socket.</summary>
    public static async Task<ClientEvent?> ReceiveEventAsync(this WebSocket socket)
    {
        if (socket.State != WebSocketState.Open)
        {
            return null;
        }

        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var text = new StringBuilder();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
            if (received.EndOfMessage)
            {
                break;
            }
        }

        var root = JsonDocument.Parse(text.ToString()).RootElement.Clone();
        var id = root.TryGetProperty("id", out var i) ? i.GetString() : null;
        return new ClientEvent(root.GetProperty("type").GetString()!, id, root.TryGetProperty("data", out var d) ? d : default);
    }

    public static async Task<List<ClientEvent>> ReceiveUntilAsync(this WebSocket socket, string type)
    {
        var events = new List<ClientEvent>();
        while (await socket.ReceiveEventAsync() is { } e)
        {
            events.Add(e);
            if (e.Type == type)
            {
                break;
            }
        }

        return events;
    }

    public static Task SendTextAsync(this WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Output text of one stream, in order.</summary>
    public const string DripStdout = "/usr/bin/env\n/usr/bin/sleep\n";
    public const string DripStderr = "find: ‘/usr/bin/no-such-program’: No such file or directory\n";
    public const string TicksStdout = "/usr/bin/env\n/usr/bin/find\n/usr/bin/sleep\n/usr/bin/seq\n/usr/bin/tail\n/usr/bin/printf\n";

    public static string Joined(this IEnumerable<ClientEvent> events, string stream) =>
        string.Concat(events.Where(e => e.Stream == stream).Select(e => e.Text));
}
