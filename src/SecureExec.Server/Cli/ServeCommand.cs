using SecureExec.Sandbox;
using SecureExec.Server.Api;
using SecureExec.Server.Audit;
using SecureExec.Server.Auth;
using SecureExec.Server.Commands;
using SecureExec.Server.Console;
using SecureExec.Server.Hosting;
using SecureExec.Server.Jobs;
using SecureExec.Server.Observability;
using SecureExec.Server.Storage;
using SecureExec.Server.Streaming;

namespace SecureExec.Server.Cli;

/// <summary>Builds and runs the web host; refuses to start when the configuration is not whole.</summary>
internal static class ServeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8000";

    public static int Run(string[] args, TextWriter errors)
    {
        var app = BuildApp(args);
        if (!app.Services.GetRequiredService<StartupChecks>().Passed(errors))
        {
            return 2;
        }

        try
        {
            app.Run();
            return 0;
        }
        catch (SandboxUnavailableException e)
        {
            // The sandbox's start-up self-test found the host unfit: print every problem with its fix and stop.
            foreach (var problem in e.Problems)
            {
                errors.WriteLine($"sandbox: {problem}");
            }

            errors.WriteLine($"secureexec: not starting: {e.Problems.Count} sandbox problem(s) above.");
            return 2;
        }
    }

    /// <param name="args">Host arguments (<c>--urls</c>, <c>--SecureExec:...=value</c>).</param>
    /// <param name="configureServices">Applied after every feature's registrations (tests swap in a fake clock).</param>
    public static WebApplication BuildApp(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Logging.ClearProviders().AddJsonConsole(o => o.UseUtcTimestamp = true);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StartupChecks>();
        builder.Services.AddServerRole(builder.Configuration);
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddServerAuthentication(builder.Configuration);
        builder.Services.AddTemplateCatalog(builder.Configuration);
        builder.Services.AddPermissions(builder.Configuration);
        builder.Services.AddAccounts(builder.Configuration);
        builder.Services.AddSandbox(builder.Configuration.GetSection("SecureExec"));
        builder.Services.AddServerHealth();
        builder.Services.AddServerProblemDetails();
        builder.Services.AddServerObservability(builder.Configuration);
        builder.Services.AddServerRateLimits(builder.Configuration);
        builder.Services.AddServerOpenApi();
        builder.Services.AddAuditLog();
        builder.Services.AddJobs(builder.Configuration);
        builder.Services.AddStreaming(builder.Configuration);
        builder.Services.AddConsole(builder.Configuration);
        builder.AddServerHttps();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseCorrelationId();
        app.UseServerRole();
        app.UseServerErrorHandling();
        app.UseServerHttps();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseConsole();
        app.UseServerRateLimits();
        app.UseWebSockets();
        app.MapHealthEndpoints();
        app.MapServerMetrics();
        app.MapServerOpenApi();
        app.MapAuthEndpoints();
        app.MapAuditEndpoints();
        app.MapAdminEndpoints();
        app.MapCommandsEndpoints();
        app.MapJobsEndpoints();
        app.MapStreamingEndpoints();
        app.MapConsole();
        return app;
    }
}
