using Microsoft.Data.Sqlite;
using Npgsql;

namespace SecureExec.Server.Storage;

/// <summary>
/// What a database error means, whichever provider raised it: a unique key already taken (the caller answers as a
/// conflict or a retry), or the store being unavailable for now (503 with Retry-After, never 500).
/// </summary>
internal static class StorageFailures
{
    private const int SqliteConstraint = 19;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>A unique index or primary key refused the row: PostgreSQL 23505, SQLite's constraint error.</summary>
    public static bool IsUniqueViolation(Exception exception) =>
        Find<PostgresException>(exception) is { SqlState: PostgresErrorCodes.UniqueViolation }
        || Find<SqliteException>(exception) is { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: 2067 or 1555 };

    /// <summary>
    /// The store cannot serve the request now, and a retry may succeed: the connection failed or timed out, the
    /// server is shutting down or full, a serialization failure (40001) or deadlock (40P01); SQLite busy or locked.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        if (Find<PostgresException>(exception) is { } postgres)
        {
            return postgres.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
                or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                || postgres.SqlState.StartsWith("08", StringComparison.Ordinal);
        }

        // Npgsql raises NpgsqlException itself (not PostgresException) for I/O, connect and pool-timeout failures.
        return Find<NpgsqlException>(exception) is not null
            || Find<SqliteException>(exception) is { SqliteErrorCode: SqliteBusy or SqliteLocked };
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }
}
