using SecureExec.Core.Authorization;
using SecureExec.Server.Cli;

namespace SecureExec.Server.Auth.Accounts;

/// <summary><c>SecureExec:Bootstrap:*</c>: whether the first start creates an administrator.</summary>
internal sealed class BootstrapOptions
{
    public const string Section = "SecureExec:Bootstrap";

    /// <summary>The environment variable holding the first administrator's password (read once, then cleared).</summary>
    public const string PasswordVariable = "SECUREEXEC_ADMIN_PASSWORD";

    public const string AdminName = "admin";

    /// <summary>Create <c>admin</c> when the store has no user at all (the default).</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// The operator's terminal, for the few things that must reach a person and never a log pipeline: a generated
/// password or secret is written here (standard error), not through the JSON logger whose output is shipped away.
/// </summary>
internal sealed class OperatorConsole
{
    public TextWriter Error { get; set; } = global::System.Console.Error;
}

/// <summary>An administrator password given in the environment must meet the password rules, or the server does not start.</summary>
internal sealed class BootstrapPasswordCheck(IConfiguration configuration) : IStartupCheck
{
    public IEnumerable<string> Problems()
    {
        var password = configuration[BootstrapOptions.PasswordVariable];
        return string.IsNullOrEmpty(password) || password.Length is >= AccountRules.MinPasswordLength and <= AccountRules.MaxPasswordLength
            ? []
            : [$"{BootstrapOptions.PasswordVariable}: must be {AccountRules.MinPasswordLength} to {AccountRules.MaxPasswordLength} characters"];
    }
}

/// <summary>
/// On the first start (no user at all), creates <c>admin</c> with role <c>admin</c>: the password is
/// <c>SECUREEXEC_ADMIN_PASSWORD</c> when set, otherwise a random one printed once to standard error. Audited as
/// <c>admin.user_created</c> by <c>system:bootstrap</c>. Runs after storage is initialised (registered after it).
/// </summary>
internal sealed partial class AdminBootstrap(
    IServiceScopeFactory scopes, BootstrapOptions options, IConfiguration configuration, OperatorConsole console, PermissionPolicy policy,
    ILogger<AdminBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        if (await accounts.AnyUsersAsync(cancellationToken))
        {
            return;
        }

        if (policy.Find(BootstrapOptions.AdminName) is null)
        {
            throw new InvalidOperationException(
                $"Cannot create the first administrator: {policy.Source} defines no role '{BootstrapOptions.AdminName}'. Add it, or create users with 'secureexec users add'.");
        }

        var given = configuration[BootstrapOptions.PasswordVariable];
        var outcome = await accounts.CreateUserAsync(
            BootstrapOptions.AdminName, [BootstrapOptions.AdminName], string.IsNullOrEmpty(given) ? null : given, AdminActor.Bootstrap(), cancellationToken);

        // Children never see it: the sandbox starts with an empty environment anyway, but nothing else needs it either.
        Environment.SetEnvironmentVariable(BootstrapOptions.PasswordVariable, null);
        if (outcome.Failure is { } failure)
        {
            if (failure.Kind == AccountFailureKind.Conflict)
            {
                return; // another instance on the same store created it first
            }

            throw new InvalidOperationException($"Cannot create the first administrator: {string.Join("; ", failure.Lines())}");
        }

        if (outcome.Value!.GeneratedPassword is { } generated)
        {
            PrintGenerated(generated);
            Created(logger, BootstrapOptions.AdminName, "generated and printed once to standard error");
        }
        else
        {
            Created(logger, BootstrapOptions.AdminName, $"from {BootstrapOptions.PasswordVariable}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void PrintGenerated(string password)
    {
        const string rule = "==========================================================================";
        var error = console.Error;
        error.WriteLine(rule);
        error.WriteLine("SecureExec: first start, created the administrator account.");
        error.WriteLine($"  user:     {BootstrapOptions.AdminName}");
        error.WriteLine($"  password: {password}");
        error.WriteLine("This password is shown once here and is not stored or logged anywhere. Change it now:");
        error.WriteLine($"  secureexec users passwd {BootstrapOptions.AdminName} --password-stdin");
        error.WriteLine(rule);
        error.Flush();
    }

    [LoggerMessage(EventId = 1310, Level = LogLevel.Warning, Message = "First start: created administrator {UserName} (password {PasswordSource})")]
    private static partial void Created(ILogger logger, string userName, string passwordSource);
}
