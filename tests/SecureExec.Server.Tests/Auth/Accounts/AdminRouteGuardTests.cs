using System.Net;
using System.Net.Http.Json;
using static SecureExec.Server.Tests.Auth.Accounts.AdminTestSupport;

namespace SecureExec.Server.Tests.Auth.Accounts;

/// <summary>One server for the refusals: every request here is refused, so none changes what the next one sees.</summary>
public sealed class AdminRouteGuardFixture : IAsyncLifetime
{
    public RunningServer Server { get; private set; } = null!;

    /// <summary>A token with every role's scopes except <c>admin</c>.</summary>
    public string EverythingButAdmin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await RunningServer.StartAsync();
        await Server.AdminTokenAsync();
        EverythingButAdmin = await Server.TokenForNewUserAsync("olga", "operator", "network-operator", "auditor");
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class AdminRouteGuardTests(AdminRouteGuardFixture fixture) : IClassFixture<AdminRouteGuardFixture>
{
    public static TheoryData<string, string> AdminRoutes => new()
    {
        { "GET", "/admin/users" },
        { "POST", "/admin/users" },
        { "GET", "/admin/users/root" },
        { "POST", "/admin/users/root/disable" },
        { "POST", "/admin/users/root/enable" },
        { "PUT", "/admin/users/root/roles" },
        { "POST", "/admin/users/root/password" },
        { "GET", "/admin/clients" },
        { "POST", "/admin/clients" },
        { "DELETE", "/admin/clients/ci" },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoute_WithTokenLackingAdminScope_Returns403AndChangesNothing(string method, string path)
    {
        var server = fixture.Server;
        using var client = server.Client(fixture.EverythingButAdmin);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { roles = new[] { "viewer" } }) });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False((await UserAsync(server.DataDirectory, "root"))!.Disabled);
        Assert.DoesNotContain(await AuditAsync(server.DataDirectory), a => a.Action.StartsWith("admin.", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoute_WithoutToken_Returns401(string method, string path)
    {
        using var client = fixture.Server.Client();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
