using System.Collections.Concurrent;

namespace SecureExec.Sandbox.Native;

/// <summary>
/// One thread that lives as long as the server and makes every spawn. bubblewrap's --die-with-parent sets a
/// parent-death signal, which the kernel delivers when the spawning <em>thread</em> exits; a thread-pool thread that
/// retires would SIGKILL a healthy run.
/// </summary>
internal static class SpawnThread
{
    private static readonly BlockingCollection<(Func<int> Spawn, TaskCompletionSource<int> Done)> Queue = [];

    static SpawnThread()
    {
        var thread = new Thread(Serve) { IsBackground = true, Name = "SecureExec sandbox spawner" };
        thread.Start();
    }

    public static int Run(Func<int> spawn)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((spawn, done));
        return done.Task.GetAwaiter().GetResult();
    }

    private static void Serve()
    {
        foreach (var (spawn, done) in Queue.GetConsumingEnumerable())
        {
            try
            {
                done.SetResult(spawn());
            }
            catch (Exception error)
            {
                done.SetException(error);
            }
        }
    }
}
