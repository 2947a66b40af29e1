using System.Net;
using System.Net.Http.Json;
using SecureExec.Core.Audit;
using SecureExec.Server.Api;
using static SecureExec.Server.Tests.Auth.Accounts.AdminTestSupport;

namespace SecureExec.Server.Tests.Auth.Accounts;

public sealed class AdminClientApiTests
{
    [Fact]
    public async Task CreateClient_ReturnsTheSecretOnce_AndTheTokenEndpointAuthenticatesIt()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());

        using var response = await admin.PostAsJsonAsync("/admin/clients", new { client_id = "backup-job", roles = new[] { "viewer" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var secret = (await response.JsonAsync()).GetProperty("client_secret").GetString()!;
        Assert.Equal(43, secret.Length);
        using var listed = await admin.GetAsync("/admin/clients");
        var list = await listed.Content.ReadAsStringAsync();
        Assert.Contains("backup-job", list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.All(await AuditAsync(server.DataDirectory), a => Assert.DoesNotContain(secret, a.DetailsJson, StringComparison.Ordinal));
        Assert.Contains(await AuditAsync(server.DataDirectory), a => a.Action == AuditActions.ClientCreated);

        Assert.NotEqual("invalid_client", await ClientCredentialsErrorAsync(server, "backup-job", secret));
        Assert.Equal("invalid_client", await ClientCredentialsErrorAsync(server, "backup-job", secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A')));
    }

    [Fact]
    public async Task RemoveClient_TheSecretStopsWorking_AndASecondRemoveIs404()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());
        using var created = await admin.PostAsJsonAsync("/admin/clients", new { client_id = "ci", roles = new[] { "operator" } });
        var secret = (await created.JsonAsync()).GetProperty("client_secret").GetString()!;

        using var removed = await admin.DeleteAsync("/admin/clients/ci");
        using var again = await admin.DeleteAsync("/admin/clients/ci");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("invalid_client", await ClientCredentialsErrorAsync(server, "ci", secret));
        Assert.Contains(await AuditAsync(server.DataDirectory), a => a.Action == AuditActions.ClientRevoked);
        Assert.Equal("[]", await (await admin.GetAsync("/admin/clients")).Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"client_id":"ci","roles":["viewer"]}""", HttpStatusCode.Conflict, null)]
    [InlineData("""{"client_id":"CI","roles":["viewer"]}""", HttpStatusCode.Conflict, null)]
    [InlineData("""{"client_id":"new one","roles":["viewer"]}""", HttpStatusCode.BadRequest, "client_id")]
    [InlineData("""{"client_id":"new","roles":["wizard"]}""", HttpStatusCode.BadRequest, "roles")]
    [InlineData("""{"client_id":"new"}""", HttpStatusCode.BadRequest, "roles")]
    public async Task CreateClient_Refused(string json, HttpStatusCode status, string? field)
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());
        (await admin.PostAsJsonAsync("/admin/clients", new { client_id = "ci", roles = new[] { "viewer" } })).Dispose();

        using var response = await admin.PostAsync("/admin/clients", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(status == HttpStatusCode.Conflict ? ProblemTypes.Conflict : ProblemTypes.Validation, problem.GetProperty("type").GetString());
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        }
    }

    /// <summary>The token endpoint's error for a client credentials request; null when it issued a token.</summary>
    private static async Task<string?> ClientCredentialsErrorAsync(RunningServer server, string clientId, string secret)
    {
        using var client = server.Client();
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        using var response = await client.PostAsync("/auth/token", new FormUrlEncodedContent(form));
        var answer = await response.JsonAsync();
        return answer.TryGetProperty("error", out var error) ? error.GetString() : null;
    }
}
