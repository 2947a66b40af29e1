using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using SecureExec.Core.Audit;
using static SecureExec.Server.Tests.Auth.Accounts.AdminTestSupport;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Cli;

public sealed class ClientsCommandTests
{
    [Fact]
    public async Task ClientsAdd_PrintsTheSecretOnce_StoresOnlyAHash_AndAudits()
    {
        var dir = NewDataDirectory();

        var (exit, output, _) = RunCli(dir, "clients", "add", "nightly-backup", "--role", "operator");

        Assert.Equal(0, exit);
        var secret = output.Split('\n').Single(l => l.StartsWith("client_secret: ", StringComparison.Ordinal))["client_secret: ".Length..].Trim();
        Assert.Equal(43, secret.Length);
        await using (var db = OpenStore(dir))
        {
            var application = await db.Set<OpenIddictEntityFrameworkCoreApplication>().SingleAsync();
            Assert.Equal("nightly-backup", application.ClientId);
            Assert.Equal("confidential", application.ClientType);
            Assert.NotEqual(secret, application.ClientSecret);
            Assert.DoesNotContain(secret, application.ClientSecret!, StringComparison.Ordinal);
            Assert.Contains("gt:client_credentials", application.Permissions!, StringComparison.Ordinal);
            Assert.Contains("ept:revocation", application.Permissions!, StringComparison.Ordinal);
            Assert.Equal(["operator"], (await db.ServiceAccounts.SingleAsync()).Roles);
        }

        var entry = Assert.Single(await AuditAsync(dir), a => a.Action == AuditActions.ClientCreated);
        Assert.DoesNotContain(secret, entry.DetailsJson, StringComparison.Ordinal);
        var listed = RunCli(dir, "clients", "list", "--json").Output;
        Assert.Equal("nightly-backup", Assert.Single(JsonDocument.Parse(listed).RootElement.EnumerateArray()).GetProperty("client_id").GetString());
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientsRemove_DeletesTheApplicationAndAccount_ASecondRemoveExits1()
    {
        var dir = NewDataDirectory();
        RunCli(dir, "clients", "add", "ci", "--role", "viewer");

        var removed = RunCli(dir, "clients", "remove", "ci");
        var again = RunCli(dir, "clients", "remove", "ci");

        Assert.Equal(0, removed.Exit);
        Assert.Equal(1, again.Exit);
        Assert.Contains("clients remove: client_id: no client 'ci'", again.Errors, StringComparison.Ordinal);
        await using var db = OpenStore(dir);
        Assert.Empty(await db.Set<OpenIddictEntityFrameworkCoreApplication>().ToListAsync());
        Assert.Empty(await db.ServiceAccounts.ToListAsync());
        Assert.Contains(await AuditAsync(dir), a => a.Action == AuditActions.ClientRevoked);
    }

    [Theory]
    [InlineData("clients add ci --role viewer", "clients add: client_id: a client 'ci' already exists")]
    [InlineData("clients add CI --role viewer", "clients add: client_id: a client 'CI' already exists")]
    [InlineData("clients add new/one --role viewer", "clients add: client_id: may contain only")]
    [InlineData("clients add new --role wizard", "clients add: roles: unknown role 'wizard'")]
    [InlineData("clients add new", "--role")]
    public void ClientsAdd_Refused_Exits1WithAClearMessage(string command, string message)
    {
        var dir = NewDataDirectory();
        RunCli(dir, "clients", "add", "ci", "--role", "viewer");

        var (exit, _, errors) = RunCli(dir, command.Split(' '));

        Assert.Equal(1, exit);
        Assert.Contains(message, errors, StringComparison.Ordinal);
    }
}
