using System.Net;
using SecureExec.Core.Audit;

namespace SecureExec.Server.Tests.Auth;

/// <summary>RFC 7009 at <c>/auth/revoke</c>: a revoked token stops working on the very next request.</summary>
public sealed class RevocationTests
{
    [Fact]
    public async Task RevokedAccessToken_IsRefusedOnTheNextRequest()
    {
        await using var server = await RunningServer.StartAsync();
        var login = await server.NewUserLoginAsync("alice", "operator");

        var revoke = await RevokeAsync(server, login.AccessToken, "access_token");

        Assert.Equal(HttpStatusCode.OK, revoke);
        var me = await server.MeAsync(login.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.Status);
        Assert.Contains("error=\"invalid_token\"", me.Challenge);
        Assert.Contains(await server.AuditAsync(AuditActions.TokenRevoked), e => e.Outcome == AuditOutcomes.Success);
    }

    [Fact]
    public async Task RevokedRefreshToken_CannotRefresh_AndItsAccessTokenStopsToo()
    {
        await using var server = await RunningServer.StartAsync();
        var login = await server.NewUserLoginAsync("alice", "operator");

        await RevokeAsync(server, login.RefreshToken, null);

        Assert.Equal("invalid_grant", (await server.RefreshAsync(login.RefreshToken)).Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.MeAsync(login.AccessToken)).Status);
    }

    [Fact]
    public async Task RevokingOneLogin_LeavesTheUsersOtherLoginsAlone()
    {
        await using var server = await RunningServer.StartAsync();
        var first = await server.NewUserLoginAsync("alice", "operator");
        var second = await server.LoginAsync("alice");

        await RevokeAsync(server, first.RefreshToken, "refresh_token");

        Assert.Equal(HttpStatusCode.OK, (await server.MeAsync(second.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await server.RefreshAsync(second.RefreshToken)).Status);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    public async Task RevokingGarbage_Is200(string token)
    {
        await using var server = await RunningServer.StartAsync();

        Assert.Equal(HttpStatusCode.OK, await RevokeAsync(server, token, null));
    }

    private static async Task<HttpStatusCode> RevokeAsync(RunningServer server, string token, string? hint)
    {
        using var client = server.Client();
        var form = new Dictionary<string, string> { ["token"] = token };
        if (hint is not null)
        {
            form["token_type_hint"] = hint;
        }

        using var response = await client.PostAsync("/auth/revoke", new FormUrlEncodedContent(form));
        return response.StatusCode;
    }
}
