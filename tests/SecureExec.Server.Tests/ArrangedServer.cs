using Microsoft.AspNetCore.Builder;

namespace SecureExec.Server.Tests;

/// <summary>
/// A <see cref="RunningServer"/> with a chance to map test-only endpoints (or add a logger provider) before it starts,
/// and one client for its requests.
/// </summary>
internal sealed class ArrangedServer : IAsyncDisposable
{
    private readonly RunningServer _server;

    private ArrangedServer(RunningServer server)
    {
        _server = server;
        Client = server.Client();
    }

    public WebApplication App => _server.App;

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<ArrangedServer> StartAsync(Action<WebApplication>? arrange = null, params string[] overrides) =>
        new(await RunningServer.StartAsync(null, arrange ?? (_ => { }), overrides));

    /// <summary>A new user with these roles, straight in the store, and a real access token from <c>/auth/token</c>.</summary>
    public Task<string> TokenForNewUserAsync(string name, params string[] roles) => _server.TokenForNewUserAsync(name, roles);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
    }
}

/// <summary>One arranged server shared by a test class (xunit class fixture).</summary>
public abstract class ArrangedServerFixture : IAsyncLifetime
{
    private ArrangedServer? _server;

    internal ArrangedServer Server => _server ?? throw new InvalidOperationException("not started");

    public HttpClient Client => Server.Client;

    public IServiceProvider Services => Server.Services;

    protected virtual string[] Overrides => [];

    protected virtual void Arrange(WebApplication app)
    {
    }

    public async Task InitializeAsync() => _server = await ArrangedServer.StartAsync(Arrange, Overrides);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
