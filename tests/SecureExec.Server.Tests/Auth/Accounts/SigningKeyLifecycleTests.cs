using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecureExec.Server.Auth;
using SecureExec.Server.Auth.Accounts;
using SecureExec.Server.Storage;
using static SecureExec.Server.Tests.Auth.Accounts.AdminTestSupport;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Auth.Accounts;

/// <summary>The signing keys' life cycle on a real SQLite store, on virtual time.</summary>
public sealed class SigningKeyLifecycleTests : IAsyncLifetime
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _time = new();
    private readonly string _dataDirectory = Directory.CreateDirectory(NewDataDirectory()).FullName;
    private SecureExecDbContext _db = null!;

    private TokenKeyStore Store => new(new LegacyKeyFiles(_dataDirectory), _time);

    private SigningKeyLifecycle Lifecycle => new(Store, _time, KeepFor);

    public async Task InitializeAsync()
    {
        _db = OpenStore(_dataDirectory);
        await _db.Database.MigrateAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public void KeepFor_IsTheLongerTokenLifetimePlusAMargin_BecauseRefreshTokensAreSignedToo()
    {
        var options = new AuthOptions { AccessTokenLifetime = TimeSpan.FromMinutes(15), RefreshTokenLifetime = TimeSpan.FromHours(8) };

        Assert.Equal(TimeSpan.FromHours(8) + SigningKeyLifecycle.Margin, SigningKeyLifecycle.For(Store, _time, options).KeepFor);
    }

    [Fact]
    public async Task RotatedKeyNotYetInUse_TheOldKeyStillSigns_SoNothingIsRetiredHoweverLongAgo()
    {
        await Lifecycle.MarkNewestInUseAsync(_db, default);
        _time.Advance(TimeSpan.FromMinutes(1));
        await RotateAsync();

        _time.Advance(KeepFor * 10);

        Assert.Empty(await Lifecycle.StageRetireExpiredAsync(_db, default));
        Assert.Equal(2, (await Lifecycle.KeyIdsAsync(_db, default)).Count);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public async Task OldKey_IsRetiredOnlyOnceKeepForHasPassedSinceTheNewKeyTookOver(int secondsPastKeepFor, bool retired)
    {
        var oldKey = await Lifecycle.MarkNewestInUseAsync(_db, default);
        _time.Advance(TimeSpan.FromDays(3));
        var newKey = await RotateAsync();
        _time.Advance(TimeSpan.FromMinutes(30));
        await Lifecycle.MarkNewestInUseAsync(_db, default);

        _time.Advance(KeepFor + TimeSpan.FromSeconds(secondsPastKeepFor));
        var moved = await Lifecycle.StageRetireExpiredAsync(_db, default);
        await _db.SaveChangesAsync();

        Assert.Equal(retired ? [oldKey!] : [], moved);
        Assert.Equal(retired ? [newKey] : [newKey, oldKey!], await Lifecycle.KeyIdsAsync(_db, default));
        Assert.Equal(retired, (await _db.TokenKeys().AsNoTracking().SingleAsync(k => k.Id == oldKey)).RetiredAt is not null);
    }

    [Fact]
    public async Task TheNewestKey_IsNeverRetired()
    {
        await Lifecycle.MarkNewestInUseAsync(_db, default);

        _time.Advance(KeepFor * 100);

        Assert.Empty(await Lifecycle.StageRetireExpiredAsync(_db, default));
        Assert.Single(await Lifecycle.KeyIdsAsync(_db, default));
    }

    [Fact]
    public async Task MarkNewestInUse_KeepsTheFirstTime()
    {
        await Lifecycle.MarkNewestInUseAsync(_db, default);
        _time.Advance(TimeSpan.FromHours(5));
        await Lifecycle.MarkNewestInUseAsync(_db, default);
        await RotateAsync();
        await Lifecycle.MarkNewestInUseAsync(_db, default);

        _time.Advance(KeepFor + TimeSpan.FromSeconds(1));

        Assert.Single(await Lifecycle.StageRetireExpiredAsync(_db, default));
    }

    [Fact]
    public async Task KeysFromAnOlderRelease_AreMovedIntoTheStore_WithWhenTheyStartedSigning()
    {
        var files = Directory.CreateDirectory(Path.Combine(_dataDirectory, "keys")).FullName;
        using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var pem = ecdsa.ExportPkcs8PrivateKeyPem();
        await File.WriteAllTextAsync(Path.Combine(files, "signing-20240101T000000000Z.pem"), pem);
        await File.WriteAllTextAsync(Path.Combine(files, "signing-20240101T000000000Z.in-use"), "2024-01-01T00:00:01.0000000+00:00");
        await File.WriteAllTextAsync(Path.Combine(files, LegacyKeyFiles.EncryptionFile), Convert.ToBase64String(new byte[32]));

        var (signing, encryption) = await Store.LoadAsync(_db, default);

        var key = Assert.Single(signing);
        Assert.Equal("signing-20240101T000000000Z", key.KeyId);
        Assert.Equal(ecdsa.ExportParameters(false).Q.X, key.ECDsa.ExportParameters(false).Q.X);
        Assert.Equal(new byte[32], encryption.Key);
        var row = await _db.TokenKeys().AsNoTracking().SingleAsync(k => k.Id == key.KeyId);
        Assert.Equal(DateTimeOffset.Parse("2024-01-01T00:00:01Z", System.Globalization.CultureInfo.InvariantCulture), row.InUseSince);
    }

    private async Task<string> RotateAsync()
    {
        var (keyId, _) = await Lifecycle.StageRotationAsync(_db, default);
        await _db.SaveChangesAsync();
        return keyId;
    }
}
