using System.Globalization;

namespace SecureExec.Server.Auth.Accounts;

/// <summary>
/// When signing keys start and stop signing, and when they may go. The server signs with the newest key it loaded at
/// start; it marks that key in use (<c>signing-X.in-use</c>, holding the time). A key stopped signing when a newer
/// one was first put in use; once every token it signed has expired (the longer of the access and refresh token
/// lifetimes, plus a margin: refresh tokens are signed too), it is moved to <c>keys/retired/</c> and no longer loaded.
/// </summary>
internal sealed class SigningKeyLifecycle(SigningKeys keys, TimeProvider time, TimeSpan keepFor)
{
    public const string RetiredFolder = "retired";
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    public static SigningKeyLifecycle For(SigningKeys keys, TimeProvider time, AuthOptions options) =>
        new(keys, time, (options.AccessTokenLifetime > options.RefreshTokenLifetime ? options.AccessTokenLifetime : options.RefreshTokenLifetime) + Margin);

    public TimeSpan KeepFor => keepFor;

    /// <summary>Records that the newest key signs from now, unless it already does. Returns its key id.</summary>
    public string? MarkNewestInUse()
    {
        if (keys.SigningFiles() is not [var newest, ..])
        {
            return null;
        }

        var marker = MarkerOf(newest);
        if (!File.Exists(marker))
        {
            File.WriteAllText(marker, time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        }

        return KeyId(newest);
    }

    /// <summary>Adds a key (it signs from the server's next start) and retires what has expired. Returns the new key id.</summary>
    public (string KeyId, IReadOnlyList<string> Retired) Rotate()
    {
        var path = keys.Add(time);
        return (KeyId(path), RetireExpired());
    }

    /// <summary>Moves every key that stopped signing longer than <see cref="KeepFor"/> ago to <c>keys/retired/</c>. Returns their ids.</summary>
    public IReadOnlyList<string> RetireExpired()
    {
        var files = keys.SigningFiles();
        var now = time.GetUtcNow();
        var retired = new List<string>();
        DateTimeOffset? newerInUseSince = null;
        foreach (var file in files)
        {
            // Newest first: newerInUseSince is the earliest a newer key took over, the moment this one stopped signing.
            if (newerInUseSince is { } stopped && now - stopped > keepFor)
            {
                Retire(file);
                retired.Add(KeyId(file));
            }

            if (InUseSince(file) is { } since && (newerInUseSince is null || since < newerInUseSince))
            {
                newerInUseSince = since;
            }
        }

        return retired;
    }

    public static string KeyId(string path) => Path.GetFileNameWithoutExtension(path);

    private void Retire(string file)
    {
        var folder = Path.Combine(keys.Directory, RetiredFolder);
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Move(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        var marker = MarkerOf(file);
        if (File.Exists(marker))
        {
            File.Move(marker, Path.Combine(folder, Path.GetFileName(marker)), overwrite: true);
        }
    }

    private static DateTimeOffset? InUseSince(string file)
    {
        var marker = MarkerOf(file);
        return File.Exists(marker) && DateTimeOffset.TryParse(File.ReadAllText(marker).Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var since)
            ? since
            : null;
    }

    private static string MarkerOf(string file) => Path.ChangeExtension(file, ".in-use");
}
