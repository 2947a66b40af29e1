using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SecureExec.Core.Audit;

namespace SecureExec.Server.Tests.Auth;

/// <summary>One server, one user, one valid token: every forged or broken variant of it is refused and the original keeps working.</summary>
public sealed class TokenAttackFixture : IAsyncLifetime
{
    public RunningServer Server { get; private set; } = null!;

    public string AccessToken { get; private set; } = "";

    public string RefreshToken { get; private set; } = "";

    /// <summary>Where <c>jku</c>/<c>x5u</c> point: a listener that must never see a connection.</summary>
    public TcpListener Trap { get; } = new(IPAddress.Loopback, 0);

    public async Task InitializeAsync()
    {
        Trap.Start();
        Server = await RunningServer.StartAsync();
        var login = await Server.NewUserLoginAsync("victim", "operator");
        AccessToken = login.AccessToken;
        RefreshToken = login.RefreshToken;
    }

    public async Task DisposeAsync()
    {
        Trap.Stop();
        await Server.DisposeAsync();
    }
}

public sealed class TokenAttackTests(TokenAttackFixture fixture) : IClassFixture<TokenAttackFixture>
{
    private static readonly string[] CommonSecrets = ["", "secret", "secureexec", "password", "changeme", "your-256-bit-secret"];

    [Theory]
    [InlineData("alg none", "none")]
    [InlineData("alg none", "None")]
    [InlineData("alg none", "NONE")]
    [InlineData("alg none", "nOnE")]
    [InlineData("alg none, signature kept", "none")]
    [InlineData("stripped signature", "")]
    [InlineData("stripped signature and dot", "")]
    [InlineData("truncated signature", "")]
    [InlineData("one bit of the signature flipped", "")]
    [InlineData("scope edited under the old signature", "")]
    [InlineData("sub edited under the old signature", "")]
    [InlineData("exp extended under the old signature", "")]
    [InlineData("claim replaced under the old signature", "exp=null")]
    [InlineData("claim replaced under the old signature", "exp=0")]
    [InlineData("claim replaced under the old signature", "exp=true")]
    [InlineData("claim replaced under the old signature", "sub=null")]
    [InlineData("claim replaced under the old signature", "aud=true")]
    [InlineData("claim replaced under the old signature", "iss=0")]
    [InlineData("claim replaced under the old signature", "scope=true")]
    [InlineData("claim replaced under the old signature", "nbf=true")]
    [InlineData("HS256 with the public key PEM", "")]
    [InlineData("HS256 with the public key DER", "")]
    [InlineData("HS256 with the public key's x||y", "")]
    [InlineData("HS256 with a common secret", "0")]
    [InlineData("HS256 with a common secret", "1")]
    [InlineData("HS256 with a common secret", "2")]
    [InlineData("HS256 with a common secret", "3")]
    [InlineData("HS256 with a common secret", "4")]
    [InlineData("HS256 with a common secret", "5")]
    [InlineData("embedded jwk", "")]
    [InlineData("jku to a listener", "")]
    [InlineData("x5u to a listener", "")]
    [InlineData("hostile kid", "../../../../../dev/null")]
    [InlineData("hostile kid", "/etc/passwd")]
    [InlineData("hostile kid", "' OR '1'='1")]
    [InlineData("hostile kid", "signing-x'; DROP TABLE users; --")]
    [InlineData("hostile kid", "$(touch /tmp/pwned)")]
    [InlineData("hostile kid", "`id`|nc 127.0.0.1 1")]
    [InlineData("hostile kid", "\u0000")]
    [InlineData("hostile kid with the real kid's signature", "")]
    [InlineData("ECDSA r = s = 0 (CVE-2022-21449)", "")]
    [InlineData("ECDSA r = s = n", "")]
    [InlineData("non-UTF-8 header", "")]
    [InlineData("header that is not an object", "")]
    [InlineData("payload that is not JSON", "")]
    [InlineData("refresh token as access token", "")]
    [InlineData("garbage", "not-a-token")]
    [InlineData("garbage", "a.b.c")]
    [InlineData("garbage", "....")]
    [InlineData("garbage", "eyJhbGciOiJFUzI1NiJ9")]
    public async Task ForgedOrBrokenToken_IsRefusedWith401InvalidToken_AndTheValidTokenKeepsWorking(string attack, string variant)
    {
        var forged = Forge(attack, variant);

        var (status, challenge, _) = await fixture.Server.MeAsync(forged);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("error=\"invalid_token\"", challenge);
        Assert.False(fixture.Trap.Pending(), "the server fetched a key from a URL named in the token");
        Assert.Equal(HttpStatusCode.OK, (await fixture.Server.MeAsync(fixture.AccessToken)).Status);
    }

    /// <summary>Tokens with the server's own signature whose claims are wrong: the claim checks, not the signature, refuse them.</summary>
    [Theory]
    [InlineData("expired, without a token id")]
    [InlineData("not yet valid, without a token id")]
    [InlineData("missing exp, without a token id")]
    [InlineData("no token id")]
    [InlineData("exp null")]
    [InlineData("exp true")]
    [InlineData("exp as text")]
    [InlineData("wrong iss")]
    [InlineData("iss 0")]
    [InlineData("wrong aud")]
    [InlineData("aud null")]
    [InlineData("aud true")]
    [InlineData("sub null")]
    [InlineData("sub 0")]
    [InlineData("typ JWT (an ID token's)")]
    [InlineData("typ missing")]
    [InlineData("unknown token id")]
    [InlineData("unknown subject")]
    [InlineData("security stamp of another time")]
    public async Task TokenSignedByTheServerWithBadClaims_IsRefusedWith401InvalidToken(string attack)
    {
        var (key, kid) = fixture.Server.SigningKey();
        var (header, payload, _) = Jws.Split(fixture.AccessToken);
        header["kid"] = kid;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        switch (attack)
        {
            case "expired, without a token id": payload["exp"] = now - 3600; payload["iat"] = now - 7200; payload.Remove("oi_tkn_id"); break;
            case "not yet valid, without a token id": payload["nbf"] = now + 3600; payload["iat"] = now + 3600; payload.Remove("oi_tkn_id"); break;
            case "missing exp, without a token id": payload.Remove("exp"); payload.Remove("oi_tkn_id"); break;
            case "no token id": payload.Remove("oi_tkn_id"); break;
            case "exp null": payload["exp"] = null; break;
            case "exp true": payload["exp"] = true; break;
            case "exp as text": payload["exp"] = "tomorrow"; break;
            case "wrong iss": payload["iss"] = "https://evil.example/"; break;
            case "iss 0": payload["iss"] = 0; break;
            case "wrong aud": payload["aud"] = "someone-else"; break;
            case "aud null": payload["aud"] = null; break;
            case "aud true": payload["aud"] = true; break;
            case "sub null": payload["sub"] = null; break;
            case "sub 0": payload["sub"] = 0; break;
            case "typ JWT (an ID token's)": header["typ"] = "JWT"; break;
            case "typ missing": header.Remove("typ"); break;
            case "unknown token id": payload["oi_tkn_id"] = Guid.NewGuid().ToString(); break;
            case "unknown subject": payload["sub"] = Guid.NewGuid().ToString("N"); break;
            case "security stamp of another time": payload["se_stamp"] = Guid.NewGuid().ToString("N"); break;
            default: throw new ArgumentOutOfRangeException(nameof(attack));
        }

        var (status, challenge, _) = await fixture.Server.MeAsync(Jws.SignEs256(header, payload, key));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("error=\"invalid_token\"", challenge);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Server.MeAsync(fixture.AccessToken)).Status);
    }

    [Fact]
    public async Task MissingToken_Is401InvalidToken()
    {
        using var client = fixture.Server.Client();
        using var response = await client.GetAsync("/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ForgedToken_IsAuditedAsTokenRejected()
    {
        await fixture.Server.MeAsync(Forge("alg none", "none"));

        var entries = await fixture.Server.AuditAsync(AuditActions.TokenRejected);
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal(AuditOutcomes.Denied, e.Outcome));
    }

    private string Forge(string attack, string variant)
    {
        var token = fixture.AccessToken;
        var parts = token.Split('.');
        var (header, payload, signature) = Jws.Split(token);
        var (realKey, _) = fixture.Server.SigningKey();
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var trap = $"http://127.0.0.1:{((IPEndPoint)fixture.Trap.LocalEndpoint).Port}/keys";
        switch (attack)
        {
            case "alg none":
                header["alg"] = variant;
                return Jws.Encode(header) + "." + parts[1] + ".";
            case "alg none, signature kept":
                header["alg"] = variant;
                return Jws.Encode(header) + "." + parts[1] + "." + signature;
            case "stripped signature":
                return parts[0] + "." + parts[1] + ".";
            case "stripped signature and dot":
                return parts[0] + "." + parts[1];
            case "truncated signature":
                return parts[0] + "." + parts[1] + "." + signature[..^10];
            case "one bit of the signature flipped":
                var bytes = Jws.Decode(signature);
                bytes[5] ^= 1;
                return parts[0] + "." + parts[1] + "." + Jws.Encode(bytes);
            case "scope edited under the old signature":
                payload["scope"] = "admin audit:read jobs:read:all network:scan";
                return parts[0] + "." + Jws.Encode(payload) + "." + signature;
            case "sub edited under the old signature":
                payload["sub"] = "someone-else";
                return parts[0] + "." + Jws.Encode(payload) + "." + signature;
            case "exp extended under the old signature":
                payload["exp"] = DateTimeOffset.UtcNow.AddYears(5).ToUnixTimeSeconds();
                return parts[0] + "." + Jws.Encode(payload) + "." + signature;
            case "claim replaced under the old signature":
                var (name, value) = (variant.Split('=')[0], variant.Split('=')[1]);
                payload[name] = value switch { "null" => null, "true" => true, _ => 0 };
                return parts[0] + "." + Jws.Encode(payload) + "." + signature;
            case "HS256 with the public key PEM":
                header["alg"] = "HS256";
                return Jws.SignHs256(header, payload, Encoding.ASCII.GetBytes(realKey.ExportSubjectPublicKeyInfoPem()));
            case "HS256 with the public key DER":
                header["alg"] = "HS256";
                return Jws.SignHs256(header, payload, realKey.ExportSubjectPublicKeyInfo());
            case "HS256 with the public key's x||y":
                header["alg"] = "HS256";
                var point = realKey.ExportParameters(false).Q;
                return Jws.SignHs256(header, payload, [.. point.X!, .. point.Y!]);
            case "HS256 with a common secret":
                header["alg"] = "HS256";
                return Jws.SignHs256(header, payload, Encoding.UTF8.GetBytes(CommonSecrets[int.Parse(variant, System.Globalization.CultureInfo.InvariantCulture)]));
            case "embedded jwk":
                var q = attacker.ExportParameters(false).Q;
                header["jwk"] = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Jws.Encode(q.X), ["y"] = Jws.Encode(q.Y) };
                header.Remove("kid");
                return Jws.SignEs256(header, payload, attacker);
            case "jku to a listener":
                header["jku"] = trap;
                header["kid"] = "attacker";
                return Jws.SignEs256(header, payload, attacker);
            case "x5u to a listener":
                header["x5u"] = trap;
                header.Remove("kid");
                return Jws.SignEs256(header, payload, attacker);
            case "hostile kid":
                header["kid"] = variant;
                return Jws.SignEs256(header, payload, attacker);
            case "hostile kid with the real kid's signature":
                header["kid"] = "../" + header["kid"]!.GetValue<string>();
                return Jws.Encode(header) + "." + parts[1] + "." + signature;
            case "ECDSA r = s = 0 (CVE-2022-21449)":
                return parts[0] + "." + parts[1] + "." + Jws.Encode(new byte[64]);
            case "ECDSA r = s = n":
                var n = Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
                return parts[0] + "." + parts[1] + "." + Jws.Encode([.. n, .. n]);
            case "non-UTF-8 header":
                return Jws.Encode([0x7B, 0x22, 0x61, 0x6C, 0x67, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x7D]) + "." + parts[1] + "." + signature;
            case "header that is not an object":
                return Jws.Encode("[\"ES256\"]"u8) + "." + parts[1] + "." + signature;
            case "payload that is not JSON":
                return parts[0] + "." + Jws.Encode("\u00ff\u00fe not json"u8) + "." + signature;
            case "refresh token as access token":
                return fixture.RefreshToken;
            case "garbage":
                return variant;
            default:
                throw new ArgumentOutOfRangeException(nameof(attack));
        }
    }
}
