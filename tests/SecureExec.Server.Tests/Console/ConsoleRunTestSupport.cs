using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureExec.Server.Jobs;
using SecureExec.Server.Storage;
using SecureExec.Server.Tests.Jobs;
using SecureExec.Server.Tests.Streaming;

namespace SecureExec.Server.Tests.Console;

/// <summary>
/// A catalog for the console's run, job and history pages: the jobs and streaming tests' templates (drip waits to be
/// cancelled after printing to both streams; ticks prints slowly and ends), plus <c>colours</c> (printf's escapes, so
/// a job prints ANSI colour sequences) and a copy of the shipped <c>grep_log</c> (pattern, lengths, path and range rules).
/// </summary>
internal static class ConsoleRunTestSupport
{
    public const string Templates = """

          colours:
            command: ["printf", "{format}"]
            description: "Prints its format through printf, escapes included"
            category: "test"
            parameters:
              format: {type: string, allow_shell_syntax: true, max_length: 400}
            permissions: {required_scopes: ["test:run"], max_execution_time: 15}
            max_processes: 4
          grep_log:
            command: "grep -F -n -m {max_matches} -e {text} {logfile}"
            description: "Lines of a log file under /var/log containing a text"
            category: "logs"
            parameters:
              text:
                type: "string"
                description: "Text to search for (letters, digits, spaces and . _ : / = @ , + -)"
                pattern: "[A-Za-z0-9 ._:/=@,+-]+"
                min_length: 1
                max_length: 200
                allow_leading_dash: true
              logfile:
                type: "path"
                description: "Log file"
                allowed_paths: ["/var/log"]
                max_length: 512
              max_matches:
                type: "int"
                required: false
                default: 500
                description: "Stop after this many matching lines"
                min_value: 1
                max_value: 10000
            permissions: {required_scopes: ["test:run"], max_execution_time: 60}
            max_processes: 8
        """;

    public static Task<RunningServer> StartAsync(params string[] overrides) => RunningServer.StartAsync(Configuration(overrides));

    public static string[] Configuration(params string[] overrides) =>
    [
        $"--SecureExec:Catalog:Path={ServerTestSupport.WriteTemp(JobsTestSupport.TestCatalog + StreamingTestSupport.Templates + Templates)}",
        $"--SecureExec:Permissions:Path={ServerTestSupport.WriteTemp(JobsTestSupport.TestPermissions)}",
        .. overrides,
    ];

    /// <summary>The job straight from the store.</summary>
    public static async Task<JobRecord?> JobAsync(this RunningServer server, string id)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SecureExecDbContext>().Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id);
    }

    public static async Task<int> JobCountAsync(this RunningServer server)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SecureExecDbContext>().Jobs.CountAsync();
    }

    /// <summary>The job id of a console job page the browser is on.</summary>
    public static string JobIdOf(this IPage page) => new Uri(page.Url).Segments[^1];

    /// <summary>
    /// A client that sends the browser's console session cookie by hand (HttpClient's cookie container would keep a
    /// Secure cookie off plain-HTTP loopback), as a script on another site would send it if the browser let it.
    /// </summary>
    public static async Task<HttpClient> SessionClientAsync(this IPage page, RunningServer server)
    {
        var cookies = await page.Context.CookiesAsync();
        var client = server.Client();
        client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return client;
    }
}
