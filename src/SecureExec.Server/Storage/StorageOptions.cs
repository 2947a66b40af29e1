using Npgsql;

namespace SecureExec.Server.Storage;

/// <summary>Where the server keeps its state: <c>SecureExec:DataDirectory</c> and <c>SecureExec:Storage:*</c>.</summary>
public sealed class StorageOptions
{
    public const string DataDirectoryKey = "SecureExec:DataDirectory";
    public const string Section = "SecureExec:Storage";
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    /// <summary>The data directory (database, signing keys), relative to the working directory; created owner-only.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary><c>sqlite</c> (the embedded default) or <c>postgresql</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// For SQLite, overrides the default (<c>secureexec.db</c> in the data directory); for PostgreSQL, required
    /// (an Npgsql connection string: <c>Host=…;Port=…;Database=…;Username=…;Password=…</c>).
    /// </summary>
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

    public bool IsPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase);

    public string SqliteConnectionString =>
        ConnectionString ?? $"Data Source={Path.Combine(FullDataDirectory, "secureexec.db")};Pooling=True";

    /// <summary>What is wrong with the provider settings, each a full line; empty when the store can be opened.</summary>
    public IEnumerable<string> Problems()
    {
        if (!IsSqlite && !IsPostgreSql)
        {
            yield return $"storage: SecureExec:Storage:Provider '{Provider}' is not supported; use '{Sqlite}' or '{PostgreSql}'.";
        }
        else if (IsPostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return "storage: SecureExec:Storage:Provider is 'postgresql' but SecureExec:Storage:ConnectionString is not set; " +
                "give an Npgsql connection string (Host=…;Port=…;Database=…;Username=…;Password=…).";
        }
        else if (IsPostgreSql && Describe() is null)
        {
            yield return "storage: SecureExec:Storage:ConnectionString is not a valid PostgreSQL connection string.";
        }
    }

    /// <summary>Where the database is, for messages: never the password. Null for an unreadable connection string.</summary>
    public string? Describe()
    {
        if (!IsPostgreSql)
        {
            return $"{Provider} in {FullDataDirectory}";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"{PostgreSql} database '{builder.Database}' at {builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
