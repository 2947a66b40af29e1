using System.Net;
using SecureExec.Core.Audit;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Auth;

/// <summary>
/// Two instances on one store counting failed logins on the same keys at the same moment: each failure is answered
/// as a failure (never a 500) and audited, whichever instance inserted the throttle row first.
/// </summary>
public sealed class LoginThrottleRaceTests
{
    [Fact]
    public async Task ConcurrentFailuresOnTwoInstances_AreAllAnsweredAndAudited()
    {
        var dataDirectory = NewDataDirectory();
        string[] generous = ["--SecureExec:Auth:Lockout:MaxFailures=1000", "--SecureExec:Auth:Lockout:MaxFailuresPerAddress=100000"];
        await using var first = await RunningServer.StartOnAsync(dataDirectory, generous);
        await using var second = await RunningServer.StartOnAsync(dataDirectory, generous);
        const int Rounds = 15;
        var statuses = new List<HttpStatusCode>();

        for (var round = 0; round < Rounds; round++)
        {
            // A fresh name each round: both instances find no row and both insert one.
            var name = $"nobody-{round}-{Guid.NewGuid():N}";
            var answers = await Task.WhenAll(first.LoginAsync(name, "wrong"), second.LoginAsync(name, "wrong"));
            statuses.AddRange(answers.Select(a => a.Status));
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal(2 * Rounds, (await first.AuditAsync(AuditActions.LoginFailed)).Count);
    }
}
