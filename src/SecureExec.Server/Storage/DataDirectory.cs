namespace SecureExec.Server.Storage;

/// <summary>The data directory holds the database and signing keys: created owner-only, and kept that way.</summary>
public static class DataDirectory
{
    public static string Ensure(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(full);
        File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return full;
    }
}
