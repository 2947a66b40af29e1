using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Hosting;

/// <summary>A role that nothing could connect, or a role that does not exist, stops the server before it listens.</summary>
public sealed class ServerRoleRefusalTests
{
    [Theory]
    [InlineData("worker", "SecureExec:Role: 'worker' needs SecureExec:Queue:Provider=redis")]
    [InlineData("api", "SecureExec:Role: 'api' needs SecureExec:Queue:Provider=redis")]
    [InlineData("API", "SecureExec:Role: 'api' needs SecureExec:Queue:Provider=redis")]
    [InlineData("scheduler", "SecureExec:Role: 'scheduler' is not a role")]
    public void Serve_WithRoleThatCannotWork_Exits2NamingTheSetting(string role, string expected)
    {
        var (exit, _, errors) = Invoke(["serve", .. ServeArguments($"--SecureExec:Role={role}")]);

        Assert.Equal(2, exit);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
    }
}
