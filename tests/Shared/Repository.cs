namespace SecureExec.Testing;

/// <summary>The checkout the tests run from: the folder holding SecureExec.slnx above the test binaries.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>A path below the repository root.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SecureExec.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SecureExec.slnx not found above " + AppContext.BaseDirectory);
    }
}
