using Microsoft.Extensions.Options;

namespace SecureExec.Server.Tests.Jobs.Queue;

/// <summary>The queue's settings are checked at start-up: a server never starts half-configured.</summary>
public sealed class QueueOptionsTests
{
    [Theory]
    [InlineData("--SecureExec:Queue:Provider=redis", "SecureExec:Queue:Redis:Configuration is required")]
    [InlineData("--SecureExec:Queue:Provider=kafka", "SecureExec:Queue:Provider must be 'inprocess' or 'redis'")]
    public async Task Start_WithAQueueThatCannotWork_RefusesNamingTheSetting(string setting, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningServer.StartAsync(setting));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task Start_WithRedisTimingsThatCannotWork_NamesEveryOne()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningServer.StartAsync(
            "--SecureExec:Queue:Provider=redis", "--SecureExec:Queue:Redis:Configuration=127.0.0.1:1",
            "--SecureExec:Queue:Redis:ReclaimAfter=00:00:00", "--SecureExec:Queue:Redis:ReconcileInterval=-00:00:01"));

        Assert.Contains("SecureExec:Queue:Redis:ReclaimAfter must be positive", error.Message);
        Assert.Contains("SecureExec:Queue:Redis:ReconcileInterval must be positive", error.Message);
    }
}
