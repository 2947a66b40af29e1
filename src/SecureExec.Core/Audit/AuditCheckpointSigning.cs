using System.Security.Cryptography;

namespace SecureExec.Core.Audit;

/// <summary>Signs checkpoints with the server's audit key.</summary>
public interface IAuditCheckpointSigner
{
    string KeyId { get; }

    AuditCheckpoint Sign(AuditCheckpointContent content);
}

/// <summary>Checks a checkpoint's signature against the audit keys the verifier trusts.</summary>
public interface IAuditCheckpointVerifier
{
    CheckpointValidity Check(AuditCheckpoint checkpoint);
}

public enum CheckpointValidity
{
    Valid,

    /// <summary>Signed by no key the verifier trusts.</summary>
    UnknownKey,

    /// <summary>The signature does not match the checkpoint: forged, or a field altered after signing.</summary>
    BadSignature,
}

/// <summary>ECDSA P-256 with SHA-256, DER signatures. The caller owns the private key and disposes it.</summary>
public sealed class EcdsaCheckpointSigner : IAuditCheckpointSigner
{
    private readonly ECDsa _key;

    public EcdsaCheckpointSigner(ECDsa privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        AuditKeys.RequireP256(privateKey);
        _key = privateKey;
        KeyId = AuditKeys.KeyId(privateKey);
    }

    public string KeyId { get; }

    public AuditCheckpoint Sign(AuditCheckpointContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Count < 0 || !AuditHash.IsWellFormed(content.HeadHash))
        {
            throw new ArgumentException("a checkpoint is a count of zero or more and 64 lowercase hex digits", nameof(content));
        }

        var exact = content with { Time = CanonicalJson.ToMicroseconds(content.Time) };
        var signature = _key.SignData(
            AuditCheckpoint.SignedPayload(exact, KeyId), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new AuditCheckpoint(exact.Count, exact.HeadHash, exact.Time, KeyId, Convert.ToBase64String(signature));
    }
}

/// <summary>
/// Trusts the public keys it is given, each under its key id, so checkpoints signed before a key rotation still
/// verify. The caller owns the keys and disposes them.
/// </summary>
public sealed class EcdsaCheckpointVerifier : IAuditCheckpointVerifier
{
    private readonly Dictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);

    public EcdsaCheckpointVerifier(IEnumerable<ECDsa> publicKeys)
    {
        ArgumentNullException.ThrowIfNull(publicKeys);
        foreach (var key in publicKeys)
        {
            AuditKeys.RequireP256(key);
            _keys[AuditKeys.KeyId(key)] = key;
        }
    }

    public EcdsaCheckpointVerifier(params ECDsa[] publicKeys)
        : this((IEnumerable<ECDsa>)publicKeys)
    {
    }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public CheckpointValidity Check(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!_keys.TryGetValue(checkpoint.KeyId ?? "", out var key))
        {
            return CheckpointValidity.UnknownKey;
        }

        var signature = new byte[((checkpoint.Signature?.Length ?? 0) * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(checkpoint.Signature ?? "", signature, out var length))
        {
            return CheckpointValidity.BadSignature;
        }

        byte[] payload;
        try
        {
            payload = checkpoint.SignedPayload();
        }
        catch (ArgumentException)
        {
            return CheckpointValidity.BadSignature;
        }

        var valid = key.VerifyData(
            payload, signature.AsSpan(0, length), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return valid ? CheckpointValidity.Valid : CheckpointValidity.BadSignature;
    }
}

/// <summary>Key ids and the curve rule shared by the signer and the verifier.</summary>
public static class AuditKeys
{
    /// <summary>Lowercase hex SHA-256 of the key's DER SubjectPublicKeyInfo (as Certificate Transparency names logs).</summary>
    public static string KeyId(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>A new P-256 key pair, for set-up and tests.</summary>
    public static ECDsa CreateKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    internal static void RequireP256(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var oid = key.ExportParameters(includePrivateParameters: false).Curve.Oid;
        if (key.KeySize != 256 || (oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value && oid.FriendlyName is not ("nistP256" or "ECDSA_P256")))
        {
            throw new ArgumentException("audit checkpoints are signed with ECDSA P-256 keys", nameof(key));
        }
    }
}
