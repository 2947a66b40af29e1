using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecureExec.Core.Templates;
using SecureExec.Sandbox.Running;

namespace SecureExec.Sandbox.Tests;

/// <summary>The real sandbox, registered the way the server registers it, shared by the tests of one collection.</summary>
public sealed class SandboxFixture : IDisposable
{
    private readonly ServiceProvider _services;

    public SandboxFixture()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sandbox:CgroupName"] = "secureexec-tests",
                ["Sandbox:StateDirectory"] = "/run/secureexec-tests",
                ["Sandbox:MaxConcurrentRuns"] = "8",
            })
            .Build();
        _services = new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSandbox(configuration).BuildServiceProvider();
        Sandbox = _services.GetRequiredService<ISandbox>();
        SelfTest = _services.GetRequiredService<SandboxSelfTest>();
        var problems = SelfTest.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Runtime = _services.GetRequiredService<SandboxRuntimeFactory>().Runtime!;
    }

    public ISandbox Sandbox { get; }

    public SandboxSelfTest SelfTest { get; }

    internal SandboxRuntime Runtime { get; }

    /// <summary>A profile with short limits so that a misbehaving test ends quickly.</summary>
    public static SandboxProfile Profile { get; } = new()
    {
        Timeout = TimeSpan.FromSeconds(60),
        MemoryLimitBytes = 256L * 1024 * 1024,
        CpuLimit = 1,
    };

    public async Task<RunOutput> RunAsync(SandboxProfile profile, params string[] argv)
    {
        var sink = new CollectingSink();
        var result = await Sandbox.RunAsync(new SandboxRequest(argv, profile), sink, CancellationToken.None);
        return new RunOutput(result, sink.Stdout, sink.Stderr, sink.Chunks);
    }

    public Task<RunOutput> ShAsync(string script, SandboxProfile? profile = null) =>
        RunAsync(profile ?? Profile, "/bin/sh", "-c", script);

    public void Dispose() => _services.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "sandbox";
}
