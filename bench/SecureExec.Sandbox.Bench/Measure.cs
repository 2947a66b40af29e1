using System.Diagnostics;

namespace SecureExec.Sandbox.Bench;

/// <summary>Plain Stopwatch measurements: latencies, percentiles, throughput.</summary>
internal static class Measure
{
    private const int WarmUp = 20;

    public static async Task<List<double>> LatenciesAsync(Func<Task> run, int iterations)
    {
        for (var i = 0; i < WarmUp; i++)
        {
            await run();
        }

        var latencies = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await run();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return latencies;
    }

    public static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    public static async Task<double> ThroughputAsync(Func<Task> run, int total, int parallelism)
    {
        var remaining = total;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await run();
            }
        }));
        return total / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
