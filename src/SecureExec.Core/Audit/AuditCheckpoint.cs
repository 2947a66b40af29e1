namespace SecureExec.Core.Audit;

/// <summary>What a checkpoint attests: the log held <paramref name="Count"/> entries ending in <paramref name="HeadHash"/> at <paramref name="Time"/>.</summary>
public sealed record AuditCheckpointContent(long Count, string HeadHash, DateTimeOffset Time);

/// <summary>
/// A signed statement of the log's length and head hash, like a CloudTrail digest or a Certificate Transparency
/// signed tree head. <see cref="Signature"/> is base64 of an ECDSA P-256 / SHA-256 signature in DER (RFC 3279) over
/// the bytes of <c>SignedPayload()</c>; <see cref="KeyId"/> is the lowercase hex SHA-256 of the signer's SubjectPublicKeyInfo.
/// </summary>
public sealed record AuditCheckpoint(long Count, string HeadHash, DateTimeOffset Time, string KeyId, string Signature)
{
    public const string Format = "secureexec.audit.checkpoint.v1";

    public AuditCheckpointContent Content => new(Count, HeadHash, Time);

    /// <summary>
    /// The signed bytes: the JCS object <c>{"count":…,"format":"secureexec.audit.checkpoint.v1","head_hash":"…",
    /// "key_id":"…","time":"…"}</c> in UTF-8, time as in entries (UTC, six fractional digits).
    /// </summary>
    public static byte[] SignedPayload(AuditCheckpointContent content, string keyId)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(keyId);
        return new CanonicalJson().StartObject()
            .Name("count").Integer(content.Count)
            .Name("format").String(Format)
            .Name("head_hash").String(content.HeadHash)
            .Name("key_id").String(keyId)
            .Name("time").String(CanonicalJson.Time(content.Time))
            .EndObject()
            .ToUtf8();
    }

    public byte[] SignedPayload() => SignedPayload(Content, KeyId);
}
