using System.CommandLine;
using System.CommandLine.Parsing;
using System.Data.Common;
using System.Text.RegularExpressions;
using SecureExec.Server.Auth;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Cli;

/// <summary>
/// What an administration subcommand works with: the server's own services (storage, permissions, accounts) built
/// from the same configuration sources as <c>serve</c> (appsettings.json, <c>SecureExec__*</c> environment
/// variables, <c>--SecureExec:Key=value</c> arguments), without Kestrel, the sandbox or any hosted service.
/// </summary>
internal sealed class AdminSession(IServiceProvider services, TextWriter output, TextWriter errors)
{
    public IServiceProvider Services { get; } = services;

    public TextWriter Output { get; } = output;

    public TextWriter Errors { get; } = errors;

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();
}

internal static partial class AdminHost
{
    public const int Ok = 0;
    public const int UsageError = 1;
    public const int ConfigError = 2;

    /// <summary>
    /// Makes <paramref name="command"/> run <paramref name="action"/> in an <see cref="AdminSession"/>; with
    /// <paramref name="migrate"/>, the schema is brought up to date first, as the server does at start (unless
    /// <c>SecureExec:Storage:MigrateOnStart</c> is false).
    /// </summary>
    public static void SetAdminAction(this Command command, Func<AdminSession, ParseResult, CancellationToken, Task<int>> action, bool migrate = true)
    {
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => RunAsync(PathOf(result.CommandResult), result, action, migrate, ct));
    }

    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddPermissions(builder.Configuration);
        builder.Services.AddAccounts(builder.Configuration);
        builder.Services.AddOpenIddict().AddCore(core => core.UseEntityFrameworkCore().UseDbContext<SecureExecDbContext>());
        return builder.Build();
    }

    private static async Task<int> RunAsync(
        string name, ParseResult result, Func<AdminSession, ParseResult, CancellationToken, Task<int>> action, bool migrate, CancellationToken ct)
    {
        var output = result.InvocationConfiguration.Output;
        var errors = result.InvocationConfiguration.Error;
        if (result.UnmatchedTokens.FirstOrDefault(t => !IsConfiguration(t)) is { } stray)
        {
            errors.WriteLine($"{name}: unexpected argument '{stray}' (configuration is given as --Section:Key=value, after the arguments)");
            return UsageError;
        }

        // A list argument (ROLE...) also takes the overrides that follow it: they are configuration, not values.
        var listed = result.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value).Where(IsConfiguration);
        using var host = Build([.. listed, .. result.UnmatchedTokens]);
        var problems = host.Services.GetServices<IStartupCheck>().OfType<ConfigFileCheck>().SelectMany(c => c.Problems())
            .Concat(host.Services.GetRequiredService<StorageOptions>().Problems()).ToList();
        if (problems.Count > 0)
        {
            problems.ForEach(errors.WriteLine);
            errors.WriteLine($"{name}: {problems.Count} configuration problem(s) above.");
            return ConfigError;
        }

        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            var options = scope.ServiceProvider.GetRequiredService<StorageOptions>();
            if (migrate && options.MigrateOnStart)
            {
                DataDirectory.Ensure(options.DataDirectory);
                await StorageInitializer.MigrateAsync(scope.ServiceProvider.GetRequiredService<SecureExecDbContext>(), ct);
            }

            return await action(new AdminSession(scope.ServiceProvider, output, errors), result, ct);
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"{name}: the data store cannot be used: {e.Message}");
            return ConfigError;
        }
    }

    /// <summary>A list argument whose values leave out the configuration overrides it took in.</summary>
    public static Argument<string[]> ListArgument(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = argument => [.. argument.Tokens.Select(t => t.Value).Where(v => !IsConfiguration(v))],
    };

    /// <summary>The subcommand as typed, without the binary's name: <c>users add</c>.</summary>
    private static string PathOf(CommandResult command) =>
        command.Parent is CommandResult parent && parent.Parent is not null ? $"{PathOf(parent)} {command.Command.Name}" : command.Command.Name;

    private static bool IsConfiguration(string token) => ConfigurationArgument().IsMatch(token);

    /// <summary>A host configuration override: <c>--Key=value</c> or <c>--Section:Key=value</c>.</summary>
    [GeneratedRegex("^--[A-Za-z][A-Za-z0-9_.:-]*=", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigurationArgument();
}
