namespace SecureExec.Server.Storage;

/// <summary>Where the server keeps its state: <c>SecureExec:DataDirectory</c> and <c>SecureExec:Storage:*</c>.</summary>
public sealed class StorageOptions
{
    public const string DataDirectoryKey = "SecureExec:DataDirectory";
    public const string Section = "SecureExec:Storage";

    /// <summary>The data directory (database, signing keys), relative to the working directory; created owner-only.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary><c>sqlite</c> (the embedded default).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Overrides the provider's default connection string (for SQLite: <c>secureexec.db</c> in the data directory).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start-up (the default); otherwise <c>db migrate</c> does it.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>The storage settings as configured: <c>SecureExec:Storage:*</c> plus <c>SecureExec:DataDirectory</c>.</summary>
    public static StorageOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<StorageOptions>() ?? new StorageOptions();
        options.DataDirectory = configuration[DataDirectoryKey] ?? options.DataDirectory;
        return options;
    }

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public string SqliteConnectionString =>
        ConnectionString ?? $"Data Source={Path.Combine(FullDataDirectory, "secureexec.db")};Pooling=True";
}
