using System.Reflection;
using SecureExec.Server.Api;

namespace SecureExec.Server.Tests.Api;

public sealed class ProblemTypesDocTests
{
    public static TheoryData<string> Types() =>
        [.. typeof(ProblemTypes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

    [Theory]
    [MemberData(nameof(Types))]
    public void EveryProblemType_HasASectionInDocsApi(string type)
    {
        var doc = File.ReadAllText(Path.Combine(ServerTestSupport.RepositoryRoot, "docs", "api.md"));
        var name = type[(type.LastIndexOf('/') + 1)..];

        Assert.StartsWith("https://secureexec.dev/problems/", type, StringComparison.Ordinal);
        Assert.Contains($"\n#### {name}\n", doc, StringComparison.Ordinal);
    }
}
