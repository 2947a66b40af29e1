using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SecureExec.Sandbox;
using SecureExec.Server.Jobs;

namespace SecureExec.Server.Streaming;

/// <summary>
/// One event of a job's stream: <c>status</c> (the job's status changed), <c>output</c> (a chunk of stdout or stderr,
/// its id the cursor after it), <c>result</c> (the finished job, last), or <c>end</c> (the server closes the stream
/// early and says why).
/// </summary>
internal sealed record StreamEvent(string Type, string? Id, object Data)
{
    public const string Status = "status";
    public const string Output = "output";
    public const string Result = "result";
    public const string End = "end";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static StreamEvent StatusOf(string status) => new(Status, null, new StatusData(status));

    public static StreamEvent ResultOf(JobRecord job) => new(Result, null, JobView.Of(job));

    public static StreamEvent EndOf(string reason) => new(End, null, new EndData(reason));

    /// <summary>A chunk of <paramref name="stream"/> starting at byte <paramref name="offset"/>; its id is <paramref name="after"/>.</summary>
    public static StreamEvent OutputOf(long? sequence, OutputStreamKind stream, long offset, ReadOnlySpan<byte> bytes, StreamCursor after)
    {
        string encoding;
        string data;
        try
        {
            data = StrictUtf8.GetString(bytes);
            encoding = "utf-8";
        }
        catch (DecoderFallbackException)
        {
            data = Convert.ToBase64String(bytes);
            encoding = "base64";
        }

        var name = stream == OutputStreamKind.Stdout ? "stdout" : "stderr";
        return new(Output, after.ToString(), new OutputData(sequence, name, offset, encoding, data));
    }

    /// <summary>The event as one JSON object (the WebSocket form): <c>type</c>, <c>id</c> when it has one, <c>data</c>.</summary>
    public byte[] ToMessage() => JsonSerializer.SerializeToUtf8Bytes(new Message(Type, Id, Data), Json);

    public string DataJson() => JsonSerializer.Serialize(Data, Json);

    private sealed record Message(string Type, string? Id, object Data);

    private sealed record StatusData(string Status);

    private sealed record EndData(string Reason);

    private sealed record OutputData(long? Seq, string Stream, long Offset, string Encoding, string Data);
}
