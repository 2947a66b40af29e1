namespace SecureExec.Bench;

/// <summary>Finds files of the repository from wherever BenchmarkDotNet runs the benchmarks.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string ShippedCatalogPath => Path.Combine(Root, "config", "command_templates.yaml");

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
