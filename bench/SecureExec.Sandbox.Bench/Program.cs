using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecureExec.Sandbox;
using SecureExec.Sandbox.Bench;
using SecureExec.Sandbox.Running;

// Start-to-exit latency of /bin/true: bare fork/exec, bubblewrap alone with the sandbox's flags, the full sandbox;
// then sequential and parallel throughput of the full sandbox. Numbers, never pass/fail.
var iterations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
var parallelism = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : Environment.ProcessorCount * 2;

var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Sandbox:CgroupName"] = "secureexec-bench",
        ["Sandbox:MaxConcurrentRuns"] = parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture),
    })
    .Build();
using var services = new ServiceCollection()
    .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
    .AddSandbox(configuration)
    .BuildServiceProvider();
var problems = await services.GetRequiredService<SandboxSelfTest>().RunAsync(CancellationToken.None);
if (problems.Count > 0)
{
    Console.Error.WriteLine(string.Join(Environment.NewLine, problems));
    return 1;
}

var runtime = services.GetRequiredService<SandboxRuntimeFactory>().Runtime!;
var sandbox = services.GetRequiredService<ISandbox>();
var runners = new Runners(runtime, sandbox);

Console.WriteLine($"# /bin/true, {iterations} iterations each after 20 warm-up runs, {Environment.ProcessorCount} cores, cgroup v{runtime.Cgroups?.Version}");
Console.WriteLine();
Console.WriteLine("| path | p50 ms | p99 ms | mean ms |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
foreach (var (name, run) in new (string, Func<Task>)[]
{
    ("bare fork/exec (posix_spawn)", runners.BareAsync),
    ("bubblewrap alone, same flags, as the sandbox user", runners.BubblewrapAloneAsync),
    ("SecureExec sandbox (cgroup, seccomp, limits, cleanup)", runners.SandboxAsync),
})
{
    var latencies = await Measure.LatenciesAsync(run, iterations);
    Console.WriteLine($"| {name} | {Measure.Percentile(latencies, 50):F2} | {Measure.Percentile(latencies, 99):F2} | {latencies.Average():F2} |");
}

Console.WriteLine();
var breakdown = await runners.BreakdownAsync(iterations);
Console.WriteLine("| where the sandbox's time goes (p50) | ms |");
Console.WriteLine("| --- | ---: |");
foreach (var (phase, milliseconds) in breakdown)
{
    Console.WriteLine($"| {phase} | {milliseconds:F2} |");
}

Console.WriteLine();
Console.WriteLine("| throughput | runs/s |");
Console.WriteLine("| --- | ---: |");
Console.WriteLine($"| sequential | {await Measure.ThroughputAsync(runners.SandboxAsync, iterations, 1):F1} |");
Console.WriteLine($"| parallel ({parallelism} at once) | {await Measure.ThroughputAsync(runners.SandboxAsync, iterations, parallelism):F1} |");
return 0;
