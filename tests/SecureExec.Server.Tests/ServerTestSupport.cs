namespace SecureExec.Server.Tests;

internal static class ServerTestSupport
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ShippedCatalog => Path.Combine(RepositoryRoot, "config", "command_templates.yaml");

    public static string SeedExample => Path.Combine(RepositoryRoot, "tests", "SecureExec.Core.Tests", "TestData", "seed-readme-example.yaml");

    /// <summary>Writes <paramref name="yaml"/> to a fresh temporary file and returns its path.</summary>
    public static string WriteTemp(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"secureexec-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecureExec.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SecureExec.slnx not found above " + AppContext.BaseDirectory);
    }
}
