using Microsoft.Extensions.Logging;
using SecureExec.Sandbox.Cgroups;
using SecureExec.Sandbox.Launch;
using SecureExec.Sandbox.Native;
using SecureExec.Sandbox.Network;

namespace SecureExec.Sandbox.Running;

/// <summary>
/// One run from spawn to cleanup: bubblewrap is spawned blocked, its first process is moved into the run's cgroup
/// (and given a network when allowed), then released; output is pumped, limits are watched, and whatever happens
/// the cgroup, network helper and every process are gone before the result is returned.
/// </summary>
internal sealed partial class SandboxRun(SandboxRuntime runtime, SandboxRequest request, IOutputSink sink)
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);
    private readonly ILogger _logger = runtime.Logger;
    private IRunCgroup? _cgroup;
    private ChildProcess? _bubblewrap;

    public async Task<SandboxResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        var started = runtime.Time.GetTimestamp();
        SlirpNetwork? network = null;
        using var stdout = PipePair.Create();
        using var stderr = PipePair.Create();
        using var status = PipePair.Create();
        using var block = PipePair.Create();
        var kill = new KillSwitch(Kill);
        try
        {
            _cgroup = runtime.Cgroups?.CreateRun(request.RunId, request.Profile, SandboxRuntime.ExtraProcesses);
            using (var seccomp = runtime.Seccomp.WriteToPipe())
            {
                var argv = runtime.Launcher.Build(request.Profile, BubblewrapArguments.Build(runtime.Options, runtime.Etc, request.Profile, request.Argv));
                var pid = ProcessSpawner.Spawn(argv[0], argv, HostLauncher.Environment, new Dictionary<int, int>
                {
                    [ChildDescriptors.Stdout] = stdout.WriteFd,
                    [ChildDescriptors.Stderr] = stderr.WriteFd,
                    [ChildDescriptors.Seccomp] = seccomp.ReadFd,
                    [ChildDescriptors.Status] = status.WriteFd,
                    [ChildDescriptors.Block] = block.ReadFd,
                });
                _bubblewrap = new ChildProcess(pid);
            }

            var exited = _bubblewrap.Exit;
            stdout.CloseWriteEnd();
            stderr.CloseWriteEnd();
            status.CloseWriteEnd();
            block.CloseReadEnd();
            LogSpawned(_logger, request.RunId, _bubblewrap.Pid);

            var pump = new OutputPump(sink, request.Profile.MaxOutputBytes, runtime.Time, () => kill.Trip(KillReason.Output));
            var pumps = Task.WhenAll(
                pump.PumpAsync(stdout.TakeReadPipe(), OutputStreamKind.Stdout, cancellationToken),
                pump.PumpAsync(stderr.TakeReadPipe(), OutputStreamKind.Stderr, cancellationToken));
            await using var bubblewrap = new BubblewrapStatus(status.TakeReadPipe());

            var childPid = await StartAsync(bubblewrap, cancellationToken);
            if (childPid is null)
            {
                await exited;
                await WaitBoundedAsync(pumps);
                return Error($"bubblewrap did not start the sandbox: {pump.StderrHead.Trim()}", started);
            }

            if (request.Profile.AllowNetwork)
            {
                network = await SlirpNetwork.StartAsync(runtime.Options, runtime.User, childPid.Value, StartupTimeout, cancellationToken);
            }

            Release(block);
            var startup = runtime.Time.GetElapsedTime(started);
            var (exit, usage) = await WatchAsync(exited, kill, cancellationToken);
            await WaitBoundedAsync(pumps);
            using var exitRead = new CancellationTokenSource(DrainTimeout, runtime.Time);
            var reported = await bubblewrap.ReadExitCodeAsync(exitRead.Token);
            var cpuTime = usage?.CpuTime ?? exit.CpuTime;
            var cpuLimit = HostLauncher.CpuLimit(request.Profile);
            var (runStatus, limit, exitCode, signal) = RunClassifier.Classify(kill.Reason, exit, reported, usage, cpuTime, cpuLimit);
            var result = new SandboxResult
            {
                Status = runStatus,
                Limit = limit,
                ExitCode = exitCode,
                Signal = signal,
                WallTime = runtime.Time.GetElapsedTime(started),
                CpuTime = cpuTime,
                PeakMemoryBytes = usage?.PeakMemoryBytes ?? 0,
                OutputBytes = pump.Bytes,
                OutputTruncated = pump.Truncated,
                StartupTime = startup,
            };
            if (pump.SinkError is { } sinkError)
            {
                LogSinkFailed(_logger, request.RunId, sinkError);
            }

            LogFinished(_logger, request.RunId, result.Status, result.Limit, result.ExitCode, result.Signal);
            return result;
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(_logger, request.RunId, error);
            Kill();
            return Error(error.Message, started);
        }
        catch (OperationCanceledException)
        {
            Kill();
            return new SandboxResult { Status = SandboxStatus.Cancelled, WallTime = runtime.Time.GetElapsedTime(started) };
        }
        finally
        {
            network?.Dispose();
            Kill();
            _bubblewrap?.Exit.Wait(DrainTimeout);
            _cgroup?.Dispose();
        }
    }

    /// <summary>Waits for bubblewrap's first process and puts it, and bubblewrap, into the run's cgroup.</summary>
    private async Task<int?> StartAsync(BubblewrapStatus bubblewrap, CancellationToken cancellationToken)
    {
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(StartupTimeout);
        var childPid = await bubblewrap.ReadChildPidAsync(startup.Token);
        if (childPid is not null && _cgroup is not null)
        {
            _cgroup.AddProcess(_bubblewrap!.Pid);
            _cgroup.AddProcess(childPid.Value);
        }

        return childPid;
    }

    private async Task<(ChildExit Exit, CgroupUsage? Usage)> WatchAsync(Task<ChildExit> exited, KillSwitch kill, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(request.Profile.Timeout, runtime.Time);
        using var onTimeout = timeout.Token.Register(() => kill.Trip(KillReason.Timeout));
        using var onCancel = cancellationToken.Register(() => kill.Trip(KillReason.Cancelled));
        using var stopMonitor = new CancellationTokenSource();
        var monitor = _cgroup is null ? Task.FromResult<CgroupUsage?>(null) : MonitorAsync(_cgroup, kill, stopMonitor.Token);
        var exit = await exited;
        await stopMonitor.CancelAsync();
        var peak = await monitor;
        var usage = _cgroup?.ReadUsage();
        return (exit, usage is { } last ? last with { PeakMemoryBytes = Math.Max(last.PeakMemoryBytes, peak?.PeakMemoryBytes ?? 0) } : null);
    }

    private async Task<CgroupUsage?> MonitorAsync(IRunCgroup cgroup, KillSwitch kill, CancellationToken stop)
    {
        var cpuLimit = HostLauncher.CpuLimit(request.Profile);
        CgroupUsage? latest = null;
        while (!stop.IsCancellationRequested)
        {
            var usage = cgroup.ReadUsage();
            latest = usage;
            if (usage.OomKills > 0)
            {
                kill.Trip(KillReason.Memory);
            }
            else if (usage.ProcessLimitHits > 0)
            {
                kill.Trip(KillReason.Processes);
            }
            else if (usage.CpuTime > cpuLimit)
            {
                kill.Trip(KillReason.Cpu);
            }

            try
            {
                await Task.Delay(runtime.Options.MonitorInterval, runtime.Time, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return latest;
    }

    private static void Release(PipePair block)
    {
        using var writer = new FileStream(block.TakeWriteEnd(), FileAccess.Write, 1);
        writer.WriteByte(1);
    }

    private void Kill()
    {
        _cgroup?.KillAll();
        _bubblewrap?.Kill();
    }

    private async Task WaitBoundedAsync(Task pumps)
    {
        if (await Task.WhenAny(pumps, Task.Delay(DrainTimeout, runtime.Time)) != pumps)
        {
            LogDrainTimedOut(_logger, request.RunId);
        }
    }

    private SandboxResult Error(string reason, long started) => new()
    {
        Status = SandboxStatus.SandboxError,
        Error = reason,
        WallTime = runtime.Time.GetElapsedTime(started),
    };

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Sandbox run {RunId} spawned bubblewrap as pid {Pid}")]
    private static partial void LogSpawned(ILogger logger, string runId, int pid);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Sandbox run {RunId} ended {Status} (limit {Limit}, exit {ExitCode}, signal {Signal})")]
    private static partial void LogFinished(ILogger logger, string runId, SandboxStatus status, SandboxLimit limit, int? exitCode, int? signal);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "Sandbox run {RunId} failed in the sandbox itself")]
    private static partial void LogFailed(ILogger logger, string runId, Exception error);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Error, Message = "Sandbox run {RunId}: the output sink failed; later output was dropped")]
    private static partial void LogSinkFailed(ILogger logger, string runId, Exception error);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Sandbox run {RunId}: output did not close after the run ended")]
    private static partial void LogDrainTimedOut(ILogger logger, string runId);
}
