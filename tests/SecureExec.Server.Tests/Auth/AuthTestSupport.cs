using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using SecureExec.Server.Auth;
using SecureExec.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Tests.Auth;

/// <summary>The token endpoint's answer: status, headers and JSON body.</summary>
internal sealed record TokenAnswer(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, JsonElement Body)
{
    public string? Error => Body.TryGetProperty("error", out var e) ? e.GetString() : null;

    public string AccessToken => Body.GetProperty("access_token").GetString()!;

    public string RefreshToken => Body.GetProperty("refresh_token").GetString()!;

    public bool HasRefreshToken => Body.TryGetProperty("refresh_token", out _);
}

/// <summary>Service clients, token requests, forged tokens, account changes and audit reads against a <see cref="RunningServer"/>.</summary>
internal static class AuthTestSupport
{
    public const string Password = RunningServer.Password;

    /// <summary>A client-credentials client as the administration feature makes one: an OpenIddict application plus its ServiceAccount row.</summary>
    public static async Task CreateServiceClientAsync(this RunningServer server, string clientId, string secret, string[] roles, bool mayUseClientCredentials = true)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = clientId,
        };
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Revocation]);
        if (mayUseClientCredentials)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }

        await applications.CreateAsync(descriptor);
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        db.ServiceAccounts.Add(new ServiceAccount { ClientId = clientId, Roles = [.. roles], CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    public static async Task<TokenAnswer> PostTokenAsync(this RunningServer server, IDictionary<string, string> form, AuthenticationHeaderValue? authorization = null)
    {
        using var client = server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = authorization;
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new TokenAnswer(response.StatusCode, response.Headers, response.Content.Headers, body);
    }

    public static Task<TokenAnswer> LoginAsync(this RunningServer server, string name, string password = Password, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = name, ["password"] = password };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return server.PostTokenAsync(form);
    }

    public static Task<TokenAnswer> RefreshAsync(this RunningServer server, string refreshToken) =>
        server.PostTokenAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    public static Task<TokenAnswer> ClientCredentialsAsync(this RunningServer server, string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return server.PostTokenAsync(form, Basic(clientId, secret));
    }

    public static AuthenticationHeaderValue Basic(string clientId, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));

    /// <summary>A user with these roles and a fresh password login for them.</summary>
    public static async Task<TokenAnswer> NewUserLoginAsync(this RunningServer server, string name, params string[] roles)
    {
        await server.CreateUserAsync(name, Password, roles);
        var answer = await server.LoginAsync(name);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return answer;
    }

    /// <summary><c>GET /auth/me</c> with this bearer token.</summary>
    public static async Task<(HttpStatusCode Status, string? Challenge, JsonElement Body)> MeAsync(this RunningServer server, string token)
    {
        using var client = server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/me");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Headers.WwwAuthenticate.ToString(), text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static string[] Scopes(this JsonElement me) => [.. me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!)];

    public static async Task ChangeUserAsync(this RunningServer server, string name, Action<UserAccount> change)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var user = await db.Users.SingleAsync(u => u.NormalizedName == UserAccount.Normalize(name));
        change(user);
        await db.SaveChangesAsync();
    }

    public static async Task DeleteUserAsync(this RunningServer server, string name)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        db.Users.Remove(await db.Users.SingleAsync(u => u.NormalizedName == UserAccount.Normalize(name)));
        await db.SaveChangesAsync();
    }

    public static async Task ChangeServiceAccountAsync(this RunningServer server, string clientId, Action<ServiceAccount> change)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        change(await db.ServiceAccounts.SingleAsync(a => a.ClientId == clientId));
        await db.SaveChangesAsync();
    }

    /// <summary>The audit log's entries with this action, oldest first, with their details.</summary>
    public static async Task<List<(string Outcome, string? Subject, Dictionary<string, string> Details)>> AuditAsync(this RunningServer server, string action)
    {
        var rows = await server.AuditRecordsAsync(a => a.Action == action);
        return [.. rows.Select(r => (r.Outcome, r.Subject, JsonSerializer.Deserialize<Dictionary<string, string>>(r.DetailsJson)!))];
    }

    /// <summary>The server's newest signing key, read from its store, as a test with the private key can use it.</summary>
    public static (ECDsa Key, string KeyId) SigningKey(this RunningServer server)
    {
        using var scope = server.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var newest = TokenKeyStore.ActiveSigningKeysAsync(db, default).GetAwaiter().GetResult()[0];
        var key = ECDsa.Create();
        key.ImportFromPem(newest.Material);
        return (key, newest.Id);
    }
}

/// <summary>Hand-made JWS compact tokens, so a test can produce exactly the malformed or hostile token it needs.</summary>
internal static class Jws
{
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Encode(JsonNode node) => Encode(Encoding.UTF8.GetBytes(node.ToJsonString()));

    public static byte[] Decode(string segment)
    {
        var s = segment.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    public static (JsonObject Header, JsonObject Payload, string Signature) Split(string token)
    {
        var parts = token.Split('.');
        return (JsonNode.Parse(Decode(parts[0]))!.AsObject(), JsonNode.Parse(Decode(parts[1]))!.AsObject(), parts[2]);
    }

    public static string SignEs256(JsonObject header, JsonObject payload, ECDsa key)
    {
        var input = Encode(header) + "." + Encode(payload);
        return input + "." + Encode(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    public static string SignHs256(JsonObject header, JsonObject payload, byte[] secret)
    {
        var input = Encode(header) + "." + Encode(payload);
        return input + "." + Encode(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
    }
}
