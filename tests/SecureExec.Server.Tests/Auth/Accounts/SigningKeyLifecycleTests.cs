using Microsoft.Extensions.Time.Testing;
using SecureExec.Server.Auth;
using SecureExec.Server.Auth.Accounts;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Auth.Accounts;

public sealed class SigningKeyLifecycleTests
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _time = new();
    private readonly SigningKeys _keys = new(Directory.CreateDirectory(NewDataDirectory()).FullName);

    private SigningKeyLifecycle Lifecycle => new(_keys, _time, KeepFor);

    [Fact]
    public void KeepFor_IsTheLongerTokenLifetimePlusAMargin_BecauseRefreshTokensAreSignedToo()
    {
        var options = new AuthOptions { AccessTokenLifetime = TimeSpan.FromMinutes(15), RefreshTokenLifetime = TimeSpan.FromHours(8) };

        Assert.Equal(TimeSpan.FromHours(8) + SigningKeyLifecycle.Margin, SigningKeyLifecycle.For(_keys, _time, options).KeepFor);
    }

    [Fact]
    public void RotatedKeyNotYetInUse_TheOldKeyStillSigns_SoNothingIsRetiredHoweverLongAgo()
    {
        _keys.Add(_time);
        Lifecycle.MarkNewestInUse();
        _time.Advance(TimeSpan.FromMinutes(1));
        Lifecycle.Rotate();

        _time.Advance(KeepFor * 10);

        Assert.Empty(Lifecycle.RetireExpired());
        Assert.Equal(2, _keys.SigningFiles().Length);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void OldKey_IsRetiredOnlyOnceKeepForHasPassedSinceTheNewKeyTookOver(int secondsPastKeepFor, bool retired)
    {
        var oldKey = SigningKeyLifecycle.KeyId(_keys.Add(_time));
        Lifecycle.MarkNewestInUse();
        _time.Advance(TimeSpan.FromDays(3));
        var (newKey, _) = Lifecycle.Rotate();
        _time.Advance(TimeSpan.FromMinutes(30));
        Lifecycle.MarkNewestInUse();

        _time.Advance(KeepFor + TimeSpan.FromSeconds(secondsPastKeepFor));
        var moved = Lifecycle.RetireExpired();

        Assert.Equal(retired ? [oldKey] : [], moved);
        Assert.Equal(retired ? [newKey] : [newKey, oldKey], _keys.SigningFiles().Select(SigningKeyLifecycle.KeyId));
        Assert.Equal(retired, File.Exists(Path.Combine(_keys.Directory, SigningKeyLifecycle.RetiredFolder, oldKey + ".pem")));
    }

    [Fact]
    public void TheNewestKey_IsNeverRetired()
    {
        _keys.Add(_time);
        Lifecycle.MarkNewestInUse();

        _time.Advance(KeepFor * 100);

        Assert.Empty(Lifecycle.RetireExpired());
        Assert.Single(_keys.SigningFiles());
    }

    [Fact]
    public void MarkNewestInUse_KeepsTheFirstTime()
    {
        _keys.Add(_time);
        Lifecycle.MarkNewestInUse();
        _time.Advance(TimeSpan.FromHours(5));
        Lifecycle.MarkNewestInUse();
        Lifecycle.Rotate();
        Lifecycle.MarkNewestInUse();

        _time.Advance(KeepFor + TimeSpan.FromSeconds(1));

        Assert.Single(Lifecycle.RetireExpired());
    }
}
