using Microsoft.Extensions.Time.Testing;
using SecureExec.Core.Audit;
using SecureExec.Core.Templates.Validation;

namespace SecureExec.Core.Tests.Audit;

public class AuditLogForgeryTests
{
    public static TheoryData<string> Payloads => new()
    {
        "alice\n2026-01-01T00:00:00Z auth.login_succeeded admin",
        "alice\r\nforged",
        "alice\rover-written",
        "\u001b[2K\u001b[1Gclean line",
        "\u001b[31mred\u001b[0m",
        "\u009b31m",
        "line\u2028separator",
        "para\u2029separator",
        "next\u0085line",
        "nul\0byte",
        "tab\there",
        "right-to-left \u202egnp.exe",
        "zero\u200bwidth",
        "back\\slash \\u000a",
        "quote\" , comma",
        "caf\u00e9 \U0001F600",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Append_EncodesUserTextInEveryField_SoNoEntryCanForgeALine(string payload)
    {
        var chain = new AuditChain(new FakeTimeProvider(AuditTestLog.Start));

        var entry = chain.Append(new AuditContent
        {
            Action = AuditActions.LoginFailed,
            Outcome = AuditOutcomes.Failure,
            Actor = new AuditActor(payload, payload),
            SourceAddress = payload,
            CorrelationId = payload,
            Template = payload,
            JobId = payload,
            Details = new Dictionary<string, string> { [payload] = payload, ["reason"] = payload },
        });

        var encoded = LogText.Encode(payload);
        string?[] fields =
        [
            entry.Actor.Subject, entry.Actor.ClientId, entry.SourceAddress, entry.CorrelationId, entry.Template, entry.JobId,
            entry.Details["reason"], entry.Details.Keys.Single(k => k != "reason"), entry.Details[encoded],
        ];
        Assert.All(fields, field => Assert.Equal(encoded, field));
        Assert.All(fields, field => Assert.All(field!, c => Assert.InRange(c, ' ', '~')));
        Assert.All(AuditCanonicalForm.ToText(entry), c => Assert.InRange(c, ' ', '~'));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("new_password")]
    [InlineData("Password")]
    [InlineData("client_secret")]
    [InlineData("access_token")]
    [InlineData("refresh_token")]
    [InlineData("id_token")]
    [InlineData("authorization")]
    [InlineData("cookie")]
    [InlineData("x_api_key")]
    public void Append_MasksADetailWhoseKeyNamesASecret_WhateverTheCallerPassed(string key)
    {
        var chain = new AuditChain(new FakeTimeProvider(AuditTestLog.Start));

        var entry = chain.Append(new AuditContent
        {
            Action = AuditActions.LoginFailed,
            Outcome = AuditOutcomes.Failure,
            Details = new Dictionary<string, string> { [key] = "hunter2", ["reason"] = "bad_credentials" },
        });

        Assert.Equal(ValidatedRequest.Mask, entry.Details[key]);
        Assert.Equal("bad_credentials", entry.Details["reason"]);
        Assert.DoesNotContain("hunter2", AuditCanonicalForm.ToText(entry), StringComparison.Ordinal);
    }

    [Fact]
    public void AuditEntry_HasNoFieldForATokenOrAPassword()
    {
        var names = typeof(AuditEntry).GetProperties().Select(p => p.Name.ToLowerInvariant());

        Assert.DoesNotContain(names, n => n.Contains("token", StringComparison.Ordinal) || n.Contains("password", StringComparison.Ordinal) || n.Contains("secret", StringComparison.Ordinal));
    }
}
