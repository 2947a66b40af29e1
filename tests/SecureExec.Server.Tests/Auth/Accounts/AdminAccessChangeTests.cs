using System.Net;
using System.Net.Http.Json;
using SecureExec.Core.Audit;
using static SecureExec.Server.Tests.Auth.Accounts.AdminTestSupport;

namespace SecureExec.Server.Tests.Auth.Accounts;

/// <summary>Disabling, re-roling or re-keying a user takes effect on their next request, not at token expiry.</summary>
public sealed class AdminAccessChangeTests
{
    [Fact]
    public async Task DisableUser_ChangesStampSetsDisabledAndAudits()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());
        await server.CreateUserAsync("gina", Password, "operator");
        var before = (await UserAsync(server.DataDirectory, "gina"))!;

        using var response = await admin.PostAsync("/admin/users/gina/disable", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("disabled").GetBoolean());
        var after = (await UserAsync(server.DataDirectory, "gina"))!;
        Assert.True(after.Disabled);
        Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
        var entry = Assert.Single(await AuditAsync(server.DataDirectory), a => a.Action == AuditActions.UserDisabled);
        Assert.Equal(AuditOutcomes.Success, entry.Outcome);
        Assert.Equal((await UserAsync(server.DataDirectory, "root"))!.Id, entry.Subject);
        Assert.Contains(before.Id, entry.DetailsJson, StringComparison.Ordinal);
        Assert.Equal("invalid_grant", (await server.PasswordGrantAsync("gina", Password)).GetProperty("error").GetString());
    }

    // End to end: the disabled user's token is refused on the very next request. This server revokes the user's token
    // entries in the same commit, and OpenIddict checks the entry on every request.
    [Fact]
    public async Task DisableUser_TheirExistingTokenIsRefusedOnTheNextRequest()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());
        using var victim = server.Client(await server.AdminTokenAsync("hank"));
        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync("/admin/users")).StatusCode);

        using var disabled = await admin.PostAsync("/admin/users/hank/disable", null);
        using var next = await victim.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, next.StatusCode);
    }

    [Fact]
    public async Task EnableUser_LetsThemLogInAgain()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());
        await server.CreateUserAsync("ivan", Password, "viewer");
        (await admin.PostAsync("/admin/users/ivan/disable", null)).Dispose();

        using var enabled = await admin.PostAsync("/admin/users/ivan/enable", null);

        Assert.False((await enabled.JsonAsync()).GetProperty("disabled").GetBoolean());
        await server.AccessTokenAsync("ivan", Password);
        Assert.Contains(await AuditAsync(server.DataDirectory), a => a.Action == AuditActions.UserEnabled);
    }

    [Fact]
    public async Task SetRoles_OldTokenRefusedAndNewTokenCarriesOnlyTheNewScopes()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());
        using var demoted = server.Client(await server.AdminTokenAsync("jill"));

        using var response = await admin.PutAsJsonAsync("/admin/users/jill/roles", new { roles = new[] { "viewer" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await demoted.GetAsync("/admin/users")).StatusCode);
        using var fresh = server.Client(await server.AccessTokenAsync("jill", Password));
        Assert.Equal(HttpStatusCode.Forbidden, (await fresh.GetAsync("/admin/users")).StatusCode);
        var entry = Assert.Single(await AuditAsync(server.DataDirectory), a => a.Action == AuditActions.RoleChanged);
        Assert.Contains("\"roles\":\"viewer\"", entry.DetailsJson, StringComparison.Ordinal);
        Assert.Contains("\"roles_before\":\"admin\"", entry.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetRoles_UnknownRole_Returns400NamingItAndKeepsTheOldRoles()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());

        using var response = await admin.PutAsJsonAsync("/admin/users/root/roles", new { roles = new[] { "superuser" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unknown role 'superuser'", (await response.JsonAsync()).GetProperty("errors").GetProperty("roles")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(["admin"], (await UserAsync(server.DataDirectory, "root"))!.Roles);
    }

    [Fact]
    public async Task ResetPassword_OldPasswordAndTokenStopWorking_NewPasswordWorks()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());
        using var user = server.Client(await server.AdminTokenAsync("kim"));

        using var response = await admin.PostAsJsonAsync("/admin/users/kim/password", new { password = "another long password" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/admin/users")).StatusCode);
        Assert.Equal("invalid_grant", (await server.PasswordGrantAsync("kim", Password)).GetProperty("error").GetString());
        await server.AccessTokenAsync("kim", "another long password");
        var entry = Assert.Single(await AuditAsync(server.DataDirectory), a => a.Action == AuditActions.PasswordReset);
        Assert.DoesNotContain("another long password", entry.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetPassword_WithoutBody_ReturnsAGeneratedPassword()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());
        await server.CreateUserAsync("lena", Password, "viewer");

        using var response = await admin.PostAsync("/admin/users/lena/password", null);

        var generated = (await response.JsonAsync()).GetProperty("password").GetString()!;
        await server.AccessTokenAsync("lena", generated);
    }

    [Fact]
    public async Task ResetPassword_TooShort_Returns400AndKeepsTheOldPassword()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(await server.AdminTokenAsync());
        await server.CreateUserAsync("mia", Password, "viewer");

        using var response = await admin.PostAsJsonAsync("/admin/users/mia/password", new { password = "12345678901" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("password", out _));
        await server.AccessTokenAsync("mia", Password);
    }
}
