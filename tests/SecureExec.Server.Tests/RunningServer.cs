using System.Linq.Expressions;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureExec.Server.Audit;
using SecureExec.Server.Auth;
using SecureExec.Server.Cli;
using SecureExec.Server.Storage;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests;

/// <summary>
/// The real server on Kestrel at a loopback port of its own, with a fresh data directory (SQLite file, keys), the
/// shipped catalog and permissions, the real sandbox. Tests create users and get real tokens from <c>/auth/token</c>.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    /// <summary>The password test users get unless a test sets its own.</summary>
    public const string Password = "correct horse battery staple";

    private RunningServer(WebApplication app, string dataDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.Ordinal)) ?? addresses.Single();
        BaseAddress = new Uri(address);
    }

    public WebApplication App { get; }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    /// <summary>
    /// Starts a server; <paramref name="overrides"/> are more host arguments (<c>--SecureExec:...=value</c>). Stopping
    /// interrupts running jobs at once (no drain: a fake clock would never end it) unless a test sets a DrainTimeout.
    /// </summary>
    public static async Task<RunningServer> StartAsync(params string[] overrides) =>
        await StartOnAsync(NewDataDirectory(), overrides);

    /// <summary>Starts a server on an existing data directory (a restart).</summary>
    public static async Task<RunningServer> StartOnAsync(string dataDirectory, params string[] overrides) =>
        await StartAsync(dataDirectory, null, overrides);

    /// <summary>Starts a server whose services <paramref name="configureServices"/> may replace (a fake clock).</summary>
    public static async Task<RunningServer> StartAsync(Action<IServiceCollection> configureServices, params string[] overrides) =>
        await StartAsync(NewDataDirectory(), configureServices, overrides);

    /// <summary>Starts a server with more endpoints mapped by <paramref name="configureApp"/> (probes for one policy).</summary>
    public static async Task<RunningServer> StartAsync(Action<IServiceCollection>? configureServices, Action<WebApplication> configureApp, params string[] overrides) =>
        await StartAsync(NewDataDirectory(), configureServices, overrides, configureApp);

    private static async Task<RunningServer> StartAsync(string dataDirectory, Action<IServiceCollection>? configureServices, string[] overrides, Action<WebApplication>? configureApp = null)
    {
        var app = ServeCommand.BuildApp(ServeArguments([$"--SecureExec:DataDirectory={dataDirectory}", "--SecureExec:Auth:PasswordHashCost=4", "--SecureExec:Bootstrap:Enabled=false", "--SecureExec:Jobs:DrainTimeout=00:00:00", .. overrides]), configureServices);
        configureApp?.Invoke(app);
        await app.StartAsync();
        return new RunningServer(app, dataDirectory);
    }

    /// <summary>Makes the handlers of <see cref="Client"/>'s clients (HTTPS tests trust their own certificate).</summary>
    public Func<HttpMessageHandler>? Handler { get; set; }

    public HttpClient Client(string? accessToken = null)
    {
        var client = Handler is null ? new HttpClient { BaseAddress = BaseAddress } : new HttpClient(Handler()) { BaseAddress = BaseAddress };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    /// <summary>Creates a user with these roles straight in the store.</summary>
    public async Task CreateUserAsync(string name, string password, params string[] roles)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var hasher = scope.ServiceProvider.GetRequiredService<PasswordHasher>();
        db.Users.Add(new UserAccount
        {
            Id = Guid.NewGuid().ToString("N"),
            Name = name,
            NormalizedName = UserAccount.Normalize(name),
            PasswordHash = hasher.Hash(password),
            Roles = [.. roles],
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>The token endpoint's JSON answer to a password grant.</summary>
    public async Task<JsonElement> PasswordGrantAsync(string name, string password, string? scope = null)
    {
        using var client = Client();
        var form = new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = name, ["password"] = password };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var response = await client.PostAsync("/auth/token", new FormUrlEncodedContent(form));
        return await response.JsonAsync();
    }

    /// <summary>An access token from the password grant; fails the test when there is none.</summary>
    public async Task<string> AccessTokenAsync(string name, string password)
    {
        var answer = await PasswordGrantAsync(name, password);
        return answer.TryGetProperty("access_token", out var token)
            ? token.GetString()!
            : throw new InvalidOperationException($"no token for {name}: {answer}");
    }

    /// <summary>A new user with these roles, and an access token for them.</summary>
    public async Task<string> TokenForNewUserAsync(string name, params string[] roles)
    {
        await CreateUserAsync(name, Password, roles);
        return await AccessTokenAsync(name, Password);
    }

    /// <summary>The audit entries matching <paramref name="filter"/>, oldest first, read straight from the store.</summary>
    public async Task<List<AuditRecord>> AuditRecordsAsync(Expression<Func<AuditRecord, bool>> filter)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        return await db.AuditRecords.AsNoTracking().Where(filter).OrderBy(a => a.Sequence).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
