namespace SecureExec.Server.Auth;

/// <summary>bcrypt with a SHA-384 pre-hash (BCrypt.Net-Next's enhanced mode), so passwords longer than 72 bytes still count.</summary>
public sealed class PasswordHasher(AuthOptions options)
{
    private const BCrypt.Net.HashType PreHash = BCrypt.Net.HashType.SHA384;

    /// <summary>A hash of a random password, checked when the user is unknown so timing does not tell names apart.</summary>
    private readonly Lazy<string> _decoy = new(() => BCrypt.Net.BCrypt.EnhancedHashPassword(Guid.NewGuid().ToString(), PreHash, options.PasswordHashCost));

    public string Hash(string password) => BCrypt.Net.BCrypt.EnhancedHashPassword(password, PreHash, options.PasswordHashCost);

    public bool Verify(string password, string? hash)
    {
        if (hash is null)
        {
            BCrypt.Net.BCrypt.EnhancedVerify(password, _decoy.Value, PreHash);
            return false;
        }

        try
        {
            return BCrypt.Net.BCrypt.EnhancedVerify(password, hash, PreHash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }
}
