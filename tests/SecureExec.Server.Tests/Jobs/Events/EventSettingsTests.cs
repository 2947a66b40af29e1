using Microsoft.Extensions.Options;

namespace SecureExec.Server.Tests.Jobs.Events;

/// <summary>The settings of live output and cancel across hosts are checked at start-up, every error named at once.</summary>
public sealed class EventSettingsTests
{
    private static readonly string[] Redis = ["--SecureExec:Queue:Provider=redis", "--SecureExec:Queue:Redis:Configuration=127.0.0.1:1"];

    [Theory]
    [InlineData("--SecureExec:Queue:Redis:EventsMaxEntries=0", "SecureExec:Queue:Redis:EventsMaxEntries must be at least 1")]
    [InlineData("--SecureExec:Queue:Redis:EventsExpireAfter=00:00:00", "SecureExec:Queue:Redis:EventsExpireAfter must be positive")]
    [InlineData("--SecureExec:Queue:Redis:CancelCheckInterval=-00:00:01", "SecureExec:Queue:Redis:CancelCheckInterval must be positive")]
    [InlineData("--SecureExec:Jobs:Workers=-1", "SecureExec:Jobs:Workers must not be negative")]
    public async Task Start_WithRedisEventSettingsThatCannotWork_RefusesNamingTheSetting(string setting, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningServer.StartAsync([.. Redis, setting]));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task Start_WithNoWorkersAndTheInProcessQueue_Refuses()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningServer.StartAsync("--SecureExec:Jobs:Workers=0"));

        Assert.Contains("SecureExec:Jobs:Workers may be 0 only with a shared queue", error.Message);
    }
}
