using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;

namespace SecureExec.Server.Tests.Auth;

public sealed class ClientCredentialsTests
{
    [Fact]
    public async Task ClientCredentials_IssuesAnAccessTokenForTheServiceAccount_WithoutARefreshToken()
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateServiceClientAsync("backup-agent", "agent-secret", ["operator"]);

        var answer = await server.ClientCredentialsAsync("backup-agent", "agent-secret");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.False(answer.HasRefreshToken);
        var token = new JsonWebToken(answer.AccessToken);
        Assert.Equal("backup-agent", token.Subject);
        Assert.Equal("backup-agent", token.GetClaim("client_id").Value);
        var me = await server.MeAsync(answer.AccessToken);
        Assert.Equal("service", me.Body.GetProperty("kind").GetString());
        Assert.Equal(["file:read", "logs:read", "system:read"], me.Body.Scopes());
    }

    [Theory]
    [InlineData("system:read", new[] { "system:read" })]
    [InlineData("system:read file:read", new[] { "file:read", "system:read" })]
    public async Task ClientCredentials_GrantsTheRequestedScopesItsRolesAllow(string requested, string[] expected)
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateServiceClientAsync("backup-agent", "agent-secret", ["operator"]);

        var answer = await server.ClientCredentialsAsync("backup-agent", "agent-secret", requested);

        Assert.False(answer.HasRefreshToken);
        Assert.Equal(expected, (await server.MeAsync(answer.AccessToken)).Body.Scopes());
    }

    [Fact]
    public async Task ClientCredentials_AskingForOfflineAccess_IsInvalidRequest()
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateServiceClientAsync("backup-agent", "agent-secret", ["operator"]);

        var answer = await server.ClientCredentialsAsync("backup-agent", "agent-secret", "system:read offline_access");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("invalid_request", answer.Error);
    }

    [Fact]
    public async Task PasswordGrant_AlwaysGetsARefreshToken_WithoutAskingForOfflineAccess()
    {
        await using var server = await RunningServer.StartAsync();

        var answer = await server.NewUserLoginAsync("alice", "viewer");

        Assert.True(answer.HasRefreshToken);
    }
}

public sealed class DiscoveryTests
{
    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/oauth-authorization-server")]
    public async Task Discovery_NamesTheEndpointsAndGrants(string path)
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Client();

        using var document = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(path));

        var root = document.RootElement;
        Assert.EndsWith("/auth/token", root.GetProperty("token_endpoint").GetString());
        Assert.EndsWith("/auth/revoke", root.GetProperty("revocation_endpoint").GetString());
        Assert.EndsWith("/.well-known/jwks", root.GetProperty("jwks_uri").GetString());
        var grants = root.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()).ToList();
        Assert.Equal(["password", "client_credentials", "refresh_token"], grants);
    }

    [Fact]
    public async Task Jwks_PublishesThePublicSigningKeyThatSignsTokens_AndNothingPrivate()
    {
        await using var server = await RunningServer.StartAsync();
        var token = new JsonWebToken((await server.NewUserLoginAsync("alice", "viewer")).AccessToken);
        using var client = server.Client();

        var json = await client.GetStringAsync("/.well-known/jwks");

        var keys = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(json).Keys;
        var key = Assert.Single(keys, k => k.Kid == token.Kid);
        Assert.Equal("EC", key.Kty);
        Assert.Equal("P-256", key.Crv);
        Assert.Null(key.D);
        Assert.DoesNotContain("\"d\"", json, StringComparison.Ordinal);
    }
}
