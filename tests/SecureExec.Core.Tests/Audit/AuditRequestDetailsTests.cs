using System.Text.Json;
using SecureExec.Core.Audit;
using SecureExec.Core.Templates.Validation;
using static SecureExec.Core.Tests.TestSupport;

namespace SecureExec.Core.Tests.Audit;

public class AuditRequestDetailsTests
{
    private static ValidatedRequest Login(string user, string token)
    {
        var template = Template("login --user {user} --token={token}", "{user: {type: string}, token: {type: string, sensitive: true}}");
        var result = Validate(template, JsonSerializer.Serialize(new { user, token }));
        Assert.True(result.IsValid);
        return result.Request!;
    }

    [Fact]
    public void For_MasksSensitiveValuesInParametersAndArgv()
    {
        var details = AuditRequestDetails.For(Login("alice", "s3cr3t-value"));

        Assert.Equal("alice", details["param.user"]);
        Assert.Equal(ValidatedRequest.Mask, details["param.token"]);
        Assert.Equal("""["login","--user","alice","--token=***"]""", details["argv"]);
        Assert.DoesNotContain(details.Values, v => v.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public void For_AnEntryOfTheRequest_KeepsTheSecretOutOfTheCanonicalForm()
    {
        var request = Login("alice", "s3cr3t-value");
        var entry = AuditChain.Link(
            AuditChainHead.Empty,
            new AuditContent
            {
                Action = AuditActions.JobSubmitted,
                Outcome = AuditOutcomes.Success,
                Template = request.Template.Name,
                Details = AuditRequestDetails.For(request),
            },
            AuditTestLog.Start);

        Assert.DoesNotContain("s3cr3t", AuditCanonicalForm.ToText(entry), StringComparison.Ordinal);
        Assert.Equal("t", entry.Template);
    }

    [Fact]
    public void ArgvDigest_WithASensitiveValue_CoversTheMaskedArgv_SoTheSecretCannotBeGuessedBack()
    {
        var one = Login("alice", "first-secret");
        var two = Login("alice", "other-secret");

        Assert.Equal(AuditRequestDetails.ArgvDigest(one.ArgvForLog()), AuditRequestDetails.ArgvDigest(one));
        Assert.Equal(AuditRequestDetails.ArgvDigest(one), AuditRequestDetails.ArgvDigest(two));
        Assert.NotEqual(AuditRequestDetails.ArgvDigest(one.Argv), AuditRequestDetails.ArgvDigest(one));
    }

    [Fact]
    public void ArgvDigest_WithoutSensitiveValues_CoversTheExactArgv()
    {
        var template = Template("echo {a} {b}", "{a: {type: string}, b: {type: string}}");
        var request = Validate(template, """{"a": "x", "b": "y"}""").Request!;

        Assert.Equal(AuditRequestDetails.ArgvDigest(request.Argv), AuditRequestDetails.ArgvDigest(request));
        Assert.Equal(AuditRequestDetails.ArgvDigest(request), AuditRequestDetails.For(request)["argv_sha256"]);
    }

    [Theory]
    [InlineData(new[] { "ab", "c" }, new[] { "a", "bc" })]
    [InlineData(new[] { "a b" }, new[] { "a", "b" })]
    [InlineData(new[] { "" }, new string[0])]
    [InlineData(new[] { "a", "" }, new[] { "a" })]
    public void ArgvDigest_KeepsElementBoundaries(string[] one, string[] two) =>
        Assert.NotEqual(AuditRequestDetails.ArgvDigest(one), AuditRequestDetails.ArgvDigest(two));

    [Fact]
    public void ArgvDigest_IsFixed_ForOfflineTools()
    {
        // SHA-256 of 00000004 "ping" 00000002 "-c" 00000001 "3".
        Assert.Equal(
            "b7f87d87ad56bc2668e77f20302b6409300a52ceae76bd045d1b3cf0fc83ad4b",
            AuditRequestDetails.ArgvDigest(["ping", "-c", "3"]));
    }
}
