using System.Net;

namespace SecureExec.Server.Tests.Auth;

/// <summary>
/// An access token is accepted only in the Authorization header (RFC 6750 §2.1). In a URL it would reach request logs,
/// proxies and browser history; in a form body it could ride a cross-site form post.
/// </summary>
public sealed class TokenTransportTests
{
    [Fact]
    public async Task AValidToken_InTheQueryString_Is401()
    {
        await using var server = await RunningServer.StartAsync();
        var login = await server.NewUserLoginAsync("alice", "viewer");

        using var client = server.Client();
        using var response = await client.GetAsync("/auth/me?access_token=" + Uri.EscapeDataString(login.AccessToken));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.MeAsync(login.AccessToken)).Status);
    }

    [Fact]
    public async Task AValidToken_InAFormBody_Is401()
    {
        await using var server = await RunningServer.StartAsync();
        var login = await server.NewUserLoginAsync("alice", "viewer");

        using var client = server.Client();
        using var response = await client.PostAsync("/jobs/00000000000000000000000000000000/cancel",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = login.AccessToken }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
