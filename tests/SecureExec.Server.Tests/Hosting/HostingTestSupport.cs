using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureExec.Server.Jobs;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Tests.Hosting;

/// <summary>Reads a job's row straight from the store: after the host stopped, its HTTP API no longer answers.</summary>
internal static class HostingTestSupport
{
    public static async Task<JobRecord> JobRowAsync(this RunningServer server, string jobId)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        return await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
    }
}
