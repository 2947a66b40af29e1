using System.IO.Pipes;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;

namespace SecureExec.Sandbox.Running;

/// <summary>
/// Reads bubblewrap's <c>--json-status-fd</c>: first the host pid of the sandbox's first process (reported before
/// the command starts, while bubblewrap waits on its block fd), at the end the command's exit code.
/// </summary>
internal sealed partial class BubblewrapStatus(SafePipeHandle handle) : IAsyncDisposable
{
    private readonly AnonymousPipeClientStream _stream = new(PipeDirection.In, handle);
    private readonly StringBuilder _text = new();

    /// <summary>The sandbox's first process, or null when bubblewrap ended before creating it.</summary>
    public async Task<int?> ReadChildPidAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var match = ChildPid().Match(_text.ToString());
            if (match.Success)
            {
                return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            if (!await ReadMoreAsync(cancellationToken))
            {
                return null;
            }
        }
    }

    /// <summary>The exit code bubblewrap reported (128 + signal for a signalled command), or null.</summary>
    public async Task<int?> ReadExitCodeAsync(CancellationToken cancellationToken)
    {
        while (await ReadMoreAsync(cancellationToken))
        {
        }

        var match = ExitCode().Match(_text.ToString());
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private async Task<bool> ReadMoreAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        var read = await _stream.ReadAsync(buffer, cancellationToken);
        _text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        return read > 0;
    }

    [GeneratedRegex("\"child-pid\"\\s*:\\s*(\\d+)")]
    private static partial Regex ChildPid();

    [GeneratedRegex("\"exit-code\"\\s*:\\s*(\\d+)")]
    private static partial Regex ExitCode();
}
