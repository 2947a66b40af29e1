using System.Text.Json;
using SecureExec.Core.Templates;
using SecureExec.Core.Templates.Loading;
using SecureExec.Core.Templates.Validation;

namespace SecureExec.Sandbox.Tests;

/// <summary>Every template of the shipped catalog, validated and run under its own profile in the real sandbox.</summary>
[Collection(SandboxCollection.Name)]
public sealed class ShippedTemplatesTests(SandboxFixture sandbox)
{
    private static readonly TemplateCatalog Catalog = LoadShipped();

    [Theory]
    [InlineData("list_files", """{"path": "/var/log"}""", "dpkg.log")]
    [InlineData("view_file", """{"path": "/var/log/dpkg.log", "max_bytes": 4096}""", "status")]
    [InlineData("directory_size", """{"path": "/var/log/apt"}""", "/var/log/apt")]
    [InlineData("tail_log", """{"logfile": "/var/log/dpkg.log", "lines": 3}""", "status")]
    [InlineData("grep_log", """{"text": "status installed", "logfile": "/var/log/dpkg.log"}""", "status installed")]
    [InlineData("disk_usage", """{}""", "Filesystem")]
    [InlineData("memory_usage", """{}""", "Mem:")]
    [InlineData("processes", """{}""", "PID")]
    [InlineData("uptime", """{}""", "load average")]
    [InlineData("dns_lookup", """{"hostname": "localhost"}""", "127.0.0.1")]
    [InlineData("ping_host", """{"host": "localhost", "count": 1}""", "1 received")]
    public async Task ShippedTemplate_RunsUnderItsProfile(string name, string parameters, string expected)
    {
        var template = Catalog.Find(name)!;
        var validated = new ParameterValidator().Validate(template, JsonDocument.Parse(parameters).RootElement);
        Assert.True(validated.IsValid, string.Join("; ", validated.Errors));

        var run = await sandbox.RunAsync(template.Sandbox, [.. validated.Request!.Argv]);

        Assert.True(run.Result.Status == SandboxStatus.Succeeded, run.ToString());
        Assert.Contains(expected, run.Stdout, StringComparison.Ordinal);
        sandbox.AssertNothingLeft(run);
    }

    [Fact]
    public async Task ViewFile_OfAForbiddenFile_NeverRunsAndWouldSeeNothing()
    {
        var template = Catalog.Find("view_file")!;

        Assert.False(new ParameterValidator().Validate(template, JsonDocument.Parse("""{"path": "/var/log/btmp"}""").RootElement).IsValid);
        var run = await sandbox.RunAsync(template.Sandbox, "head", "-c", "100", "/var/log/btmp");
        Assert.True(run.Result.Status == SandboxStatus.Succeeded, run.ToString());
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task CheckPort_OfAClosedPort_EndsFailedWithTheProgramsReason()
    {
        var template = Catalog.Find("check_port")!;
        var validated = new ParameterValidator().Validate(template, JsonDocument.Parse("""{"host": "localhost", "port": 9}""").RootElement);

        var run = await sandbox.RunAsync(template.Sandbox, [.. validated.Request!.Argv]);

        Assert.True(run.Result.Status == SandboxStatus.Failed, run.ToString());
        Assert.Contains("refused", run.Stderr, StringComparison.Ordinal);
    }

    private static TemplateCatalog LoadShipped() =>
        CatalogLoader.LoadFile(Testing.Repository.PathOf("config", "command_templates.yaml")).Catalog
        ?? throw new InvalidOperationException("the shipped catalog does not load");
}
