using System.Security.Cryptography;

namespace SecureExec.Core.Audit;

/// <summary>The chain's hash: SHA-256 over the previous hash's 32 raw bytes followed by the canonical form.</summary>
public static class AuditHash
{
    /// <summary>The previous hash of sequence 1: 32 zero bytes.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The hash <paramref name="entry"/> should carry; null when its previous hash or text is malformed.</summary>
    public static string? Compute(AuditEntry entry) => Compute(entry.PreviousHash, entry);

    /// <summary>The hash <paramref name="entry"/> would carry if it followed <paramref name="previousHash"/>.</summary>
    public static string? Compute(string previousHash, AuditEntry entry)
    {
        if (!TryParse(previousHash, out var previous))
        {
            return null;
        }

        byte[] canonical;
        try
        {
            canonical = AuditCanonicalForm.Serialize(entry);
        }
        catch (ArgumentException)
        {
            return null;
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(previous);
        sha.AppendData(canonical);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>True for exactly 64 lowercase hex digits.</summary>
    public static bool IsWellFormed(string? hash) =>
        hash is { Length: 64 } && hash.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static bool TryParse(string? hash, out byte[] bytes)
    {
        bytes = IsWellFormed(hash) ? Convert.FromHexString(hash!) : [];
        return bytes.Length == 32;
    }
}
