using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Cli;

/// <summary>Bad telemetry or rate-limit settings stop the server before it listens, every problem listed at once.</summary>
public sealed class ServeRefusalTests
{
    [Fact]
    public void Serve_WithBadRateLimitAndTelemetrySettings_Exits2ListingEveryProblem()
    {
        var (exit, _, errors) = Invoke(["serve", .. ServeArguments(
            "--SecureExec:RateLimits:PerUser:PermitLimit=0",
            "--SecureExec:RateLimits:PerAddress:Window=soon",
            "--SecureExec:Telemetry:OtlpEndpoint=collector:4317")]);

        Assert.Equal(2, exit);
        Assert.Contains("SecureExec:RateLimits:PerUser:PermitLimit: '0'", errors, StringComparison.Ordinal);
        Assert.Contains("SecureExec:RateLimits:PerAddress:Window: 'soon'", errors, StringComparison.Ordinal);
        Assert.Contains("SecureExec:Telemetry:OtlpEndpoint: 'collector:4317'", errors, StringComparison.Ordinal);
        Assert.Contains("3 configuration problem(s)", errors, StringComparison.Ordinal);
    }
}
