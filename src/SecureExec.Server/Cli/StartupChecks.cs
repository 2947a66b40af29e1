namespace SecureExec.Server.Cli;

/// <summary>
/// Everything that must be right before the server listens. Each feature registers an <see cref="IStartupCheck"/>;
/// all are run and every problem printed, so one start shows the operator the whole list.
/// </summary>
internal sealed class StartupChecks(IEnumerable<IStartupCheck> checks)
{
    public bool Passed(TextWriter errors)
    {
        var problems = checks.SelectMany(c => c.Problems()).ToList();
        foreach (var problem in problems)
        {
            errors.WriteLine(problem);
        }

        if (problems.Count > 0)
        {
            errors.WriteLine($"secureexec: not starting: {problems.Count} configuration problem(s) above.");
        }

        return problems.Count == 0;
    }
}

/// <summary>One feature's start-up check: the problems it found, each a full line with where and how to fix it.</summary>
internal interface IStartupCheck
{
    IEnumerable<string> Problems();
}
