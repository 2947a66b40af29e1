using SecureExec.Server.Commands;
using SecureExec.Server.Observability;

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

        app.Run();
        return 0;
    }

    public static WebApplication BuildApp(string[] args)
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
        builder.Services.AddTemplateCatalog(builder.Configuration);
        builder.Services.AddServerHealth();

        var app = builder.Build();
        app.MapHealthEndpoints();
        return app;
    }
}
