using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SecureExec.Core.Templates.Validation;

namespace SecureExec.Core.Audit;

/// <summary>
/// The details a job entry records about a validated request: each parameter as <c>param.NAME</c> and the argv as a
/// JSON array under <c>argv</c>, sensitive values masked, plus <c>argv_sha256</c>, the argv's digest.
/// </summary>
public static class AuditRequestDetails
{
    public const string ArgvKey = "argv";
    public const string ArgvDigestKey = "argv_sha256";
    public const string ParameterPrefix = "param.";

    private static readonly JsonSerializerOptions ArgvJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyDictionary<string, string> For(ValidatedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.ValuesForLog())
        {
            details[ParameterPrefix + name] = value;
        }

        details[ArgvKey] = JsonSerializer.Serialize(request.ArgvForLog(), ArgvJson);
        details[ArgvDigestKey] = ArgvDigest(request);
        return details.AsReadOnly();
    }

    /// <summary>
    /// The digest of the argv that runs, so the worker's entry can be matched to the submission's. When a sensitive
    /// value is present the digest covers the masked argv instead: a hash of a short secret could be guessed back.
    /// </summary>
    public static string ArgvDigest(ValidatedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hasSecret = request.Values.Keys.Any(name => request.Template.FindParameter(name)?.Sensitive == true);
        return ArgvDigest(hasSecret ? request.ArgvForLog() : request.Argv);
    }

    /// <summary>Lowercase hex SHA-256 over each element as a 4-byte big-endian UTF-8 length followed by its UTF-8 bytes.</summary>
    public static string ArgvDigest(IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var element in argv)
        {
            var bytes = Encoding.UTF8.GetBytes(element);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            sha.AppendData(length);
            sha.AppendData(bytes);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
