using Microsoft.Extensions.Configuration;
using SecureExec.Server.Api;

namespace SecureExec.Server.Tests.Api;

public sealed class RateLimitOptionsTests
{
    [Fact]
    public void Defaults_AreSixtyAMinuteToRunAndSixHundredToRead()
    {
        var options = Read();

        Assert.Equal(new RateLimit(60, TimeSpan.FromMinutes(1)), options.Limits[RateLimitPolicies.PerUser]);
        Assert.Equal(new RateLimit(600, TimeSpan.FromMinutes(1)), options.Limits[RateLimitPolicies.PerUserRead]);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Limits[RateLimitPolicies.PerUser].RefillPeriod);
        Assert.Empty(options.Problems());
    }

    [Theory]
    [InlineData("PerUser:PermitLimit", "0")]
    [InlineData("PerUser:PermitLimit", "-5")]
    [InlineData("PerUserRead:PermitLimit", "many")]
    [InlineData("PerAddress:Window", "00:00:00")]
    [InlineData("PerAddress:Window", "-00:01:00")]
    [InlineData("PerUser:Window", "a minute")]
    public void NonPositiveOrUnreadableValue_IsAProblemNamingTheKey(string key, string value)
    {
        var options = Read(($"SecureExec:RateLimits:{key}", value));

        Assert.Contains($"SecureExec:RateLimits:{key}: '{value}'", Assert.Single(options.Problems()), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryBadValue_IsReportedAtOnce()
    {
        var options = Read(("SecureExec:RateLimits:PerUser:PermitLimit", "0"), ("SecureExec:RateLimits:PerAddress:Window", "never"));

        Assert.Equal(2, options.Problems().Count());
    }

    private static RateLimitOptions Read(params (string Key, string Value)[] values) =>
        RateLimitOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());
}
