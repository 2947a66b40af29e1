using Microsoft.IdentityModel.JsonWebTokens;

namespace SecureExec.Server.Tests.Auth;

public sealed class TokenEndpointSmokeTests
{
    [Fact]
    public async Task PasswordGrant_ForAKnownUser_IssuesASignedAccessTokenThatTheApiAccepts()
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateUserAsync("alice", "s3cret-pass", "operator");

        var answer = await server.PasswordGrantAsync("alice", "s3cret-pass");

        var token = new JsonWebToken(answer.GetProperty("access_token").GetString());
        Assert.Equal("at+jwt", token.Typ);
        Assert.Equal("ES256", token.Alg);
        Assert.Contains("secureexec", token.Audiences);
        Assert.Contains("file:read", token.GetClaim("scope").Value.Split(' '));
        Assert.True(answer.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task PasswordGrant_WithAWrongPassword_IsInvalidGrant()
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateUserAsync("bob", "right-pass", "viewer");

        var answer = await server.PasswordGrantAsync("bob", "wrong-pass");

        Assert.Equal("invalid_grant", answer.GetProperty("error").GetString());
    }
}
