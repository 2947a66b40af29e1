using System.Net;
using System.Net.Http.Headers;

namespace SecureExec.Server.Tests.Auth;

public sealed class TokenEndpointErrorFixture : IAsyncLifetime
{
    public RunningServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await RunningServer.StartAsync();
        await Server.CreateUserAsync("viewer-user", AuthTestSupport.Password, "viewer");
        await Server.CreateServiceClientAsync("backup-agent", "agent-secret-1", ["viewer"]);
        await Server.CreateServiceClientAsync("no-cc-agent", "agent-secret-2", ["viewer"], mayUseClientCredentials: false);
        await Server.CreateServiceClientAsync("disabled-agent", "agent-secret-3", ["viewer"]);
        await Server.ChangeServiceAccountAsync("disabled-agent", a => a.Disabled = true);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>RFC 6749 §5.2: each error case gets its standard code and status, as JSON that is never cached.</summary>
public sealed class TokenEndpointErrorTests(TokenEndpointErrorFixture fixture) : IClassFixture<TokenEndpointErrorFixture>
{
    [Theory]
    [InlineData("no grant_type", "username=viewer-user", null, 400, "invalid_request")]
    [InlineData("unknown grant_type", "grant_type=magic", null, 400, "unsupported_grant_type")]
    [InlineData("authorization_code is not offered", "grant_type=authorization_code&code=x&redirect_uri=http://localhost/", null, 400, "unsupported_grant_type")]
    [InlineData("password without username", "grant_type=password&password=x", null, 400, "invalid_request")]
    [InlineData("password without password", "grant_type=password&username=viewer-user", null, 400, "invalid_request")]
    [InlineData("wrong password", "grant_type=password&username=viewer-user&password=wrong", null, 400, "invalid_grant")]
    [InlineData("unknown user", "grant_type=password&username=nobody&password=wrong", null, 400, "invalid_grant")]
    [InlineData("scope the roles do not grant", "grant_type=password&username=viewer-user&password=correct horse battery staple&scope=file:read", null, 400, "invalid_scope")]
    [InlineData("unknown client in the form", "grant_type=client_credentials&client_id=ghost&client_secret=x", null, 401, "invalid_client")]
    [InlineData("unknown client with Basic", "grant_type=client_credentials", "ghost:x", 401, "invalid_client")]
    [InlineData("wrong secret with Basic", "grant_type=client_credentials", "backup-agent:wrong", 401, "invalid_client")]
    [InlineData("confidential client without a secret", "grant_type=client_credentials&client_id=backup-agent", null, 400, "invalid_request")]
    [InlineData("client_credentials without a client", "grant_type=client_credentials", null, 400, "invalid_request")]
    [InlineData("client not allowed client_credentials", "grant_type=client_credentials", "no-cc-agent:agent-secret-2", 400, "unauthorized_client")]
    [InlineData("disabled service account", "grant_type=client_credentials", "disabled-agent:agent-secret-3", 401, "invalid_client")]
    [InlineData("client asking a scope its roles do not grant", "grant_type=client_credentials&scope=admin", "backup-agent:agent-secret-1", 400, "invalid_scope")]
    [InlineData("refresh_token missing", "grant_type=refresh_token", null, 400, "invalid_request")]
    [InlineData("refresh_token garbage", "grant_type=refresh_token&refresh_token=garbage", null, 400, "invalid_grant")]
    [InlineData("access token as refresh token", "grant_type=refresh_token&refresh_token=ACCESS", null, 400, "invalid_grant")]
    public async Task TokenEndpointError_FollowsRfc6749(string @case, string form, string? basic, int status, string error)
    {
        _ = @case;
        if (form.Contains("ACCESS", StringComparison.Ordinal))
        {
            form = form.Replace("ACCESS", (await fixture.Server.LoginAsync("viewer-user")).AccessToken, StringComparison.Ordinal);
        }

        var fields = form.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var authorization = basic is null ? null : AuthTestSupport.Basic(basic.Split(':')[0], basic.Split(':')[1]);

        var answer = await fixture.Server.PostTokenAsync(fields, authorization);

        Assert.Equal(status, (int)answer.Status);
        Assert.Equal(error, answer.Error);
        Assert.Equal("application/json", answer.ContentHeaders.ContentType?.MediaType);
        Assert.True(answer.Headers.CacheControl?.NoStore, "token responses must not be cached");
        Assert.False(answer.Body.TryGetProperty("access_token", out _));
        if (status == 401)
        {
            Assert.NotEmpty(answer.Headers.WwwAuthenticate);
        }
    }

    [Fact]
    public async Task WrongSecretWithBasic_ChallengesWithBasic()
    {
        var answer = await fixture.Server.ClientCredentialsAsync("backup-agent", "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Contains(answer.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Fact]
    public async Task SuccessfulLogin_IsJsonAndNotCached()
    {
        var answer = await fixture.Server.LoginAsync("viewer-user");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/json", answer.ContentHeaders.ContentType?.MediaType);
        Assert.True(answer.Headers.CacheControl?.NoStore);
        Assert.Equal("Bearer", answer.Body.GetProperty("token_type").GetString());
    }

    [Fact]
    public async Task TokenEndpoint_RefusesGet()
    {
        using var client = fixture.Server.Client();
        using var response = await client.GetAsync("/auth/token?grant_type=password&username=viewer-user&password=x");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" }.MediaType, response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class PasswordGrantSwitchTests
{
    [Fact]
    public async Task PasswordGrant_SwitchedOff_IsUnsupportedGrantType()
    {
        await using var server = await RunningServer.StartAsync(["--SecureExec:Auth:PasswordGrantEnabled=false"]);
        await server.CreateUserAsync("alice", AuthTestSupport.Password, "viewer");
        await server.CreateServiceClientAsync("agent", "agent-secret", ["viewer"]);

        var password = await server.LoginAsync("alice");
        var clientCredentials = await server.ClientCredentialsAsync("agent", "agent-secret");

        Assert.Equal(HttpStatusCode.BadRequest, password.Status);
        Assert.Equal("unsupported_grant_type", password.Error);
        Assert.Equal(HttpStatusCode.OK, clientCredentials.Status);
    }
}
