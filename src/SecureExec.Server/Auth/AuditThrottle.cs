namespace SecureExec.Server.Auth;

/// <summary>
/// At most one audit entry per key per <see cref="Window"/> for events an outsider can repeat for free (forged tokens,
/// attempts against a locked account); the next entry carries how many were left out. Memory stays bounded: past
/// <see cref="MaxKeys"/> keys the newest share one bucket.
/// </summary>
internal sealed class AuditThrottle(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const int MaxKeys = 10_000;
    private const string Overflow = "*";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>True when this event opens a new window for <paramref name="key"/> and should be written.</summary>
    /// <param name="key">What is limited, e.g. the action and the address.</param>
    /// <param name="leftOut">How many events of the key were not written since its previous entry.</param>
    public bool TryOpen(string key, out int leftOut)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_buckets.ContainsKey(key) && _buckets.Count >= MaxKeys)
            {
                foreach (var stale in _buckets.Where(b => now - b.Value.Opened >= Window).Select(b => b.Key).ToList())
                {
                    _buckets.Remove(stale);
                }

                key = _buckets.Count >= MaxKeys ? Overflow : key;
            }

            if (_buckets.TryGetValue(key, out var bucket) && now - bucket.Opened < Window)
            {
                bucket.LeftOut++;
                leftOut = 0;
                return false;
            }

            leftOut = bucket?.LeftOut ?? 0;
            _buckets[key] = new Bucket(now);
            return true;
        }
    }

    private sealed class Bucket(DateTimeOffset opened)
    {
        public DateTimeOffset Opened { get; } = opened;

        public int LeftOut { get; set; }
    }
}
