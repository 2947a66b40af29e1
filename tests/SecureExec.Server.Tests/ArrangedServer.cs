using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SecureExec.Server.Auth;
using SecureExec.Server.Cli;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Tests;

/// <summary>
/// The real server on Kestrel at a loopback port of its own, built as <c>serve</c> builds it, with a chance to map
/// test-only endpoints (or add a logger provider) before it starts.
/// </summary>
internal sealed class ArrangedServer : IAsyncDisposable
{
    private ArrangedServer(WebApplication app)
    {
        App = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<ArrangedServer> StartAsync(Action<WebApplication>? arrange = null, params string[] overrides)
    {
        var app = ServeCommand.BuildApp(ServerTestSupport.ServeArguments(["--SecureExec:Auth:PasswordHashCost=4", .. overrides]));
        arrange?.Invoke(app);
        await app.StartAsync();
        return new ArrangedServer(app);
    }

    /// <summary>A new user with these roles, straight in the store, and a real access token from <c>/auth/token</c>.</summary>
    public async Task<string> TokenForNewUserAsync(string name, params string[] roles)
    {
        const string password = "correct horse battery staple";
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
            db.Users.Add(new UserAccount
            {
                Id = Guid.NewGuid().ToString("N"),
                Name = name,
                NormalizedName = UserAccount.Normalize(name),
                PasswordHash = scope.ServiceProvider.GetRequiredService<PasswordHasher>().Hash(password),
                Roles = [.. roles],
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var form = new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = name, ["password"] = password };
        using var response = await Client.PostAsync("/auth/token", new FormUrlEncodedContent(form));
        var answer = await ReadJsonAsync(response);
        return answer.TryGetProperty("access_token", out var token) ? token.GetString()! : throw new InvalidOperationException($"no token for {name}: {answer}");
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
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
