using Microsoft.EntityFrameworkCore;
using Npgsql;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Tests.Storage;

/// <summary>Database errors by meaning, whichever provider raised them; an unreachable database is 503, never 500.</summary>
public sealed class StorageFailuresTests
{
    [Theory]
    [InlineData("23505", true, false)] // unique_violation
    [InlineData("40001", false, true)] // serialization_failure
    [InlineData("40P01", false, true)] // deadlock_detected
    [InlineData("08006", false, true)] // connection_failure
    [InlineData("08001", false, true)] // sqlclient_unable_to_establish_sqlconnection
    [InlineData("57P01", false, true)] // admin_shutdown
    [InlineData("57P03", false, true)] // cannot_connect_now
    [InlineData("53300", false, true)] // too_many_connections
    [InlineData("23503", false, false)] // foreign_key_violation: a bug, not a retry
    [InlineData("42P01", false, false)] // undefined_table: a missing migration
    public void PostgresErrors_AreClassifiedBySqlState(string sqlState, bool unique, bool unavailable)
    {
        var error = new DbUpdateException("save failed", new PostgresException("message", "ERROR", "ERROR", sqlState));

        Assert.Equal(unique, StorageFailures.IsUniqueViolation(error));
        Assert.Equal(unavailable, StorageFailures.IsUnavailable(error));
    }

    [Fact]
    public void ConnectionLevelNpgsqlErrors_AreUnavailable()
    {
        var error = new InvalidOperationException("outer", new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException()));

        Assert.True(StorageFailures.IsUnavailable(error));
        Assert.False(StorageFailures.IsUnavailable(new InvalidOperationException("a bug")));
    }
}
