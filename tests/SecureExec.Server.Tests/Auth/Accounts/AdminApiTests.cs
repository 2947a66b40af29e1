using System.Net;
using System.Net.Http.Json;
using SecureExec.Core.Audit;
using SecureExec.Server.Api;
using static SecureExec.Server.Tests.Auth.Accounts.AdminTestSupport;

namespace SecureExec.Server.Tests.Auth.Accounts;

public sealed class AdminApiTests
{
    [Fact]
    public async Task CreateUser_ThenTheUserLogsIn_AndTheChangeIsAuditedWithTheAdminAsActor()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());

        using var response = await admin.PostAsJsonAsync("/admin/users", new { name = "dana", roles = new[] { "operator" }, password = "a long enough password" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = await response.JsonAsync();
        Assert.Equal("dana", body.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("generated_password").ValueKind);
        Assert.DoesNotContain("hash", body.ToString(), StringComparison.OrdinalIgnoreCase);
        await server.AccessTokenAsync("dana", "a long enough password");
        var entry = Assert.Single(await AuditAsync(server.DataDirectory), a => a.Action == AuditActions.UserCreated);
        Assert.Equal((await UserAsync(server.DataDirectory, "root"))!.Id, entry.Subject);
        Assert.Contains("\"user\":\"dana\"", entry.DetailsJson, StringComparison.Ordinal);
        Assert.DoesNotContain("a long enough password", entry.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_WithoutPassword_ReturnsAGeneratedPasswordOnceThatLogsIn()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());

        using var response = await admin.PostAsJsonAsync("/admin/users", new { name = "eve", roles = new[] { "viewer" } });

        var generated = (await response.JsonAsync()).GetProperty("generated_password").GetString()!;
        Assert.True(generated.Length >= 12);
        await server.AccessTokenAsync("eve", generated);
        Assert.All(await AuditAsync(server.DataDirectory), a => Assert.DoesNotContain(generated, a.DetailsJson, StringComparison.Ordinal));
        using var listed = await admin.GetAsync("/admin/users");
        Assert.DoesNotContain(generated, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"bad name","roles":["viewer"]}""", "name", "may contain only")]
    [InlineData("""{"name":"","roles":["viewer"]}""", "name", "is required")]
    [InlineData("""{"roles":["viewer"]}""", "name", "is required")]
    [InlineData("""{"name":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","roles":["viewer"]}""", "name", "at most 64")]
    [InlineData("""{"name":"ok","roles":["viewer","root-of-all"]}""", "roles", "unknown role 'root-of-all'")]
    [InlineData("""{"name":"ok","roles":["Viewer"]}""", "roles", "unknown role 'Viewer'")]
    [InlineData("""{"name":"ok","roles":[]}""", "roles", "at least one role")]
    [InlineData("""{"name":"ok"}""", "roles", "at least one role")]
    [InlineData("""{"name":"ok","roles":["viewer"],"password":"short"}""", "password", "at least 12")]
    [InlineData("""{"name":"ok;rm -rf /","roles":["viewer"]}""", "name", "may contain only")]
    [InlineData("""{"name":"ok\u0000","roles":["viewer"]}""", "name", "may contain only")]
    [InlineData("""{"name":"ok\nforged","roles":["viewer"]}""", "name", "may contain only")]
    public async Task CreateUser_BreakingARule_Returns400NamingTheFieldAndRule(string json, string field, string rule)
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());

        using var response = await admin.PostAsync("/admin/users", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(ProblemTypes.Validation, problem.GetProperty("type").GetString());
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!);
        Assert.Contains(messages, m => m.Contains(rule, StringComparison.Ordinal));
        Assert.Null(await UserAsync(server.DataDirectory, "ok"));
    }

    [Fact]
    public async Task CreateUser_NameTakenInAnotherCase_Returns409()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());
        using var first = await admin.PostAsJsonAsync("/admin/users", new { name = "Frank", roles = new[] { "viewer" } });

        using var second = await admin.PostAsJsonAsync("/admin/users", new { name = "fRANK", roles = new[] { "viewer" } });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(ProblemTypes.Conflict, (await second.JsonAsync()).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("GET", "/admin/users/nobody")]
    [InlineData("POST", "/admin/users/nobody/disable")]
    [InlineData("POST", "/admin/users/nobody/enable")]
    [InlineData("POST", "/admin/users/nobody/password")]
    [InlineData("DELETE", "/admin/clients/nobody")]
    public async Task UnknownName_Returns404Problem(string method, string path)
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());

        using var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ProblemTypes.NotFound, (await response.JsonAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task GetUser_ReturnsRolesAndStatusButNeverTheHash()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());

        using var response = await admin.GetAsync("/admin/users/ROOT");

        var body = await response.JsonAsync();
        Assert.Equal("root", body.GetProperty("name").GetString());
        Assert.Equal("admin", Assert.Single(body.GetProperty("roles").EnumerateArray()).GetString());
        Assert.False(body.GetProperty("disabled").GetBoolean());
        Assert.DoesNotContain("$2", body.ToString(), StringComparison.Ordinal);
        Assert.False(body.TryGetProperty("password_hash", out _));
        Assert.False(body.TryGetProperty("security_stamp", out _));
    }

    [Theory]
    [InlineData("POST", "/admin/users/root/disable", null)]
    [InlineData("PUT", "/admin/users/root/roles", """{"roles":["operator","auditor"]}""")]
    public async Task LastEnabledAdministrator_CannotBeDisabledOrDemoted_Returns409(string method, string path, string? json)
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());
        await server.CreateUserAsync("former", Password, "admin");
        (await admin.PostAsync("/admin/users/former/disable", null)).Dispose();

        using var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("last enabled administrator", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var root = (await UserAsync(server.DataDirectory, "root"))!;
        Assert.False(root.Disabled);
        Assert.Equal(["admin"], root.Roles);
    }

    [Theory]
    [InlineData("POST", "/admin/users", "{")]
    [InlineData("POST", "/admin/users", "[]")]
    [InlineData("POST", "/admin/users", """{"name":"x","roles":"viewer"}""")]
    [InlineData("POST", "/admin/users", """{"name":7,"roles":["viewer"]}""")]
    [InlineData("POST", "/admin/users", """{"name":"x","roles":[null]}""")]
    [InlineData("POST", "/admin/users", "")]
    [InlineData("PUT", "/admin/users/root/roles", "null")]
    [InlineData("PUT", "/admin/users/root/roles", """{"roles":[1,2]}""")]
    [InlineData("POST", "/admin/clients", """{"client_id":["a"],"roles":["viewer"]}""")]
    public async Task MalformedBody_Returns400NotA500(string method, string path, string json)
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());

        using var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["admin"], (await UserAsync(server.DataDirectory, "root"))!.Roles);
    }
}
