using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SecureExec.Sandbox;

/// <summary>Thrown at start-up when the host cannot run sandboxes safely; the message lists every problem and fix.</summary>
public sealed class SandboxUnavailableException(IReadOnlyList<SandboxProblem> problems)
    : Exception("The sandbox cannot run on this host:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<SandboxProblem> Problems { get; } = problems;
}

/// <summary>Runs the self-test (after the leftover sweep) when the host starts, and stops it when anything is missing.</summary>
internal sealed partial class SandboxStartupCheck(SandboxSelfTest selfTest, ILogger<SandboxStartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = await selfTest.RunAsync(cancellationToken);
        foreach (var problem in problems)
        {
            LogProblem(logger, problem.Code, problem.Problem, problem.Fix);
        }

        if (problems.Count > 0)
        {
            throw new SandboxUnavailableException(problems);
        }

        LogReady(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3130, Level = LogLevel.Critical, Message = "Sandbox problem {Code}: {Problem} Fix: {Fix}")]
    private static partial void LogProblem(ILogger logger, string code, string problem, string fix);

    [LoggerMessage(EventId = 3131, Level = LogLevel.Information, Message = "Sandbox self-test passed")]
    private static partial void LogReady(ILogger logger);
}
