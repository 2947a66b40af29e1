using System.Security.Cryptography;
using System.Text;
using SecureExec.Core.Audit;
using static SecureExec.Core.Audit.AuditBreakKind;

namespace SecureExec.Core.Tests.Audit;

public class AuditCheckpointTests
{
    /// <summary>Ways to forge or alter the checkpoint over a five-entry log; <c>other</c> is a key the verifier does not trust.</summary>
    private static readonly Dictionary<string, Func<AuditCheckpoint, AuditTestLog, ECDsa, AuditCheckpoint>> Forgery = new()
    {
        ["random signature"] = (c, _, _) => c with { Signature = Convert.ToBase64String(RandomNumberGenerator.GetBytes(70)) },
        ["signature not base64"] = (c, _, _) => c with { Signature = "not base64!" },
        ["signature empty"] = (c, _, _) => c with { Signature = "" },
        ["signature of an older checkpoint"] = (c, log, _) => c with { Signature = log.Signer.Sign(c.Content with { Count = 3, HeadHash = log.Entries[2].EntryHash }).Signature },
        ["count lowered"] = (c, log, _) => c with { Count = 4, HeadHash = log.Entries[3].EntryHash },
        ["count raised"] = (c, _, _) => c with { Count = 6 },
        ["head hash altered"] = (c, _, _) => c with { HeadHash = new string('2', 64) },
        ["time altered"] = (c, _, _) => c with { Time = c.Time.AddMinutes(1) },
        ["key id of another key"] = (c, _, other) => c with { KeyId = AuditKeys.KeyId(other) },
        ["signed by another key"] = (c, _, other) => new EcdsaCheckpointSigner(other).Sign(c.Content),
        ["signed by another key under the trusted key id"] = (c, log, other) => c with
        {
            Signature = Convert.ToBase64String(other.SignData(
                c.SignedPayload(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
        },
        ["signed by another key, log rewritten to match"] = (c, _, other) => new EcdsaCheckpointSigner(other).Sign(c.Content with { HeadHash = new string('3', 64) }),
    };

    [Theory]
    [InlineData("random signature", 5, CheckpointBadSignature)]
    [InlineData("signature not base64", 5, CheckpointBadSignature)]
    [InlineData("signature empty", 5, CheckpointBadSignature)]
    [InlineData("signature of an older checkpoint", 5, CheckpointBadSignature)]
    [InlineData("count lowered", 4, CheckpointBadSignature)]
    [InlineData("count raised", 6, CheckpointBadSignature)]
    [InlineData("head hash altered", 5, CheckpointBadSignature)]
    [InlineData("time altered", 5, CheckpointBadSignature)]
    [InlineData("key id of another key", 5, CheckpointUnknownKey)]
    [InlineData("signed by another key", 5, CheckpointUnknownKey)]
    [InlineData("signed by another key under the trusted key id", 5, CheckpointBadSignature)]
    [InlineData("signed by another key, log rewritten to match", 5, CheckpointUnknownKey)]
    public void Verify_WithForgedOrAlteredCheckpoint_NamesIt(string forgery, long sequence, AuditBreakKind kind)
    {
        using var log = AuditTestLog.Create(5);
        using var other = AuditKeys.CreateKey();
        var checkpoint = Forgery[forgery](log.Checkpoint(), log, other);

        var result = log.Verifier.Verify(log.Entries, checkpoint);

        Assert.Equal((sequence, kind), (result.Break?.Sequence, result.Break?.Kind));
    }

    [Fact]
    public void Checkpoint_OfTheChain_AttestsItsCountHeadAndTime()
    {
        using var log = AuditTestLog.Create(5);

        var checkpoint = log.Checkpoint();

        Assert.Equal(5, checkpoint.Count);
        Assert.Equal(log.Entries[^1].EntryHash, checkpoint.HeadHash);
        Assert.Equal(log.Time.GetUtcNow(), checkpoint.Time);
        Assert.Equal(log.Signer.KeyId, checkpoint.KeyId);
        Assert.Equal(CheckpointValidity.Valid, new EcdsaCheckpointVerifier(log.Key).Check(checkpoint));
    }

    [Fact]
    public void SignedPayload_IsFixedCanonicalJson()
    {
        var content = new AuditCheckpointContent(42, new string('a', 64), new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero).AddTicks(19));

        var payload = Encoding.UTF8.GetString(AuditCheckpoint.SignedPayload(content, "k1"));

        Assert.Equal(
            """{"count":42,"format":"secureexec.audit.checkpoint.v1","head_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","key_id":"k1","time":"2026-11-25T07:00:00.000001Z"}""",
            payload);
    }

    [Fact]
    public void Signature_IsStandardDerEcdsaP256Sha256_OverThePayload_CheckableWithoutThisCode()
    {
        using var log = AuditTestLog.Create(2);
        var checkpoint = log.Checkpoint();
        using var publicOnly = ECDsa.Create();
        publicOnly.ImportFromPem(log.Key.ExportSubjectPublicKeyInfoPem());

        var signature = Convert.FromBase64String(checkpoint.Signature);

        Assert.Equal(0x30, signature[0]);
        Assert.True(publicOnly.VerifyData(checkpoint.SignedPayload(), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(publicOnly.ExportSubjectPublicKeyInfo())), checkpoint.KeyId);
        Assert.Equal(CheckpointValidity.Valid, new EcdsaCheckpointVerifier(publicOnly).Check(checkpoint));
    }

    [Fact]
    public void Verifier_TrustingOldAndNewKeys_AcceptsCheckpointsFromBeforeAndAfterARotation()
    {
        using var log = AuditTestLog.Create(3);
        using var newKey = AuditKeys.CreateKey();
        var before = log.Checkpoint();
        var after = new EcdsaCheckpointSigner(newKey).Sign(before.Content);
        var verifier = new EcdsaCheckpointVerifier(log.Key, newKey);

        Assert.Equal(CheckpointValidity.Valid, verifier.Check(before));
        Assert.Equal(CheckpointValidity.Valid, verifier.Check(after));
        Assert.Equal(CheckpointValidity.UnknownKey, new EcdsaCheckpointVerifier(newKey).Check(before));
    }

    [Fact]
    public void Verifier_WithoutKeys_TrustsNoCheckpoint()
    {
        using var log = AuditTestLog.Create(3);

        var result = new AuditVerifier().Verify(log.Entries, log.Checkpoint());

        Assert.Equal(CheckpointUnknownKey, result.Break?.Kind);
    }

    [Fact]
    public void Signer_KeepsTimeToWholeMicroseconds_SoAStoredCheckpointStillVerifies()
    {
        using var key = AuditKeys.CreateKey();
        var signer = new EcdsaCheckpointSigner(key);

        var checkpoint = signer.Sign(new AuditCheckpointContent(1, new string('b', 64), AuditTestLog.Start.AddTicks(15)));

        Assert.Equal(AuditTestLog.Start.AddTicks(10), checkpoint.Time);
        Assert.Equal(CheckpointValidity.Valid, new EcdsaCheckpointVerifier(key).Check(checkpoint));
    }

    [Fact]
    public void Signer_RefusesAKeyThatIsNotP256()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => new EcdsaCheckpointSigner(p384));
        Assert.Throws<ArgumentException>(() => new EcdsaCheckpointVerifier(p384));
    }

    [Theory]
    [InlineData(-1, "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData(1, "short")]
    public void Signer_RefusesAMalformedCheckpoint(long count, string head)
    {
        using var key = AuditKeys.CreateKey();

        Assert.Throws<ArgumentException>(() => new EcdsaCheckpointSigner(key).Sign(new AuditCheckpointContent(count, head, AuditTestLog.Start)));
    }
}
