using System.CommandLine;
using SecureExec.Server.Auth.Accounts;

namespace SecureExec.Server.Cli;

/// <summary>
/// <c>clients add|remove|list</c>: service clients for the client credentials grant. The secret is printed once, at
/// creation. Exit codes as for <see cref="UsersCommand"/>.
/// </summary>
internal static class ClientsCommand
{
    public static Command Build()
    {
        var clients = new Command("clients", "Administer service clients (machines using the client credentials grant).");
        clients.Subcommands.Add(Add());
        clients.Subcommands.Add(Remove());
        clients.Subcommands.Add(List());
        return clients;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "The client id (1-64 characters of A-Z a-z 0-9 . _ @ -)." };

    private static Command Add()
    {
        var id = IdArgument();
        var roles = new Option<string[]>("--role") { Description = "A role from permissions.yaml (repeat for more).", Required = true, Arity = ArgumentArity.OneOrMore };
        var add = new Command("add", "Create a confidential client and print its secret once.") { id, roles };
        add.SetAdminAction(async (session, result, ct) =>
        {
            var outcome = await session.Get<ClientService>().CreateClientAsync(result.GetValue(id), result.GetValue(roles), AdminActor.Cli(), ct);
            if (outcome.Failure is { } failure)
            {
                return AdminOutput.Refused(session, "clients add", failure);
            }

            var created = outcome.Value!;
            session.Output.WriteLine($"client_id: {created.Client.ClientId}");
            session.Output.WriteLine($"client_secret: {created.ClientSecret}");
            session.Output.WriteLine($"roles: {string.Join(", ", created.Client.Roles)}");
            session.Errors.WriteLine("The secret above is shown once: only a hash of it is stored.");
            return AdminHost.Ok;
        });
        return add;
    }

    private static Command Remove()
    {
        var id = IdArgument();
        var remove = new Command("remove", "Remove a client: its secret and tokens stop working at once.") { id };
        remove.SetAdminAction(async (session, result, ct) =>
        {
            var outcome = await session.Get<ClientService>().RemoveClientAsync(result.GetValue(id)!, AdminActor.Cli(), ct);
            if (outcome.Failure is { } failure)
            {
                return AdminOutput.Refused(session, "clients remove", failure);
            }

            session.Output.WriteLine($"client {result.GetValue(id)} removed");
            return AdminHost.Ok;
        });
        return remove;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var list = new Command("list", "List clients (never their secrets).") { json };
        list.SetAdminAction(async (session, result, ct) =>
        {
            var clients = await session.Get<ClientService>().ListClientsAsync(ct);
            if (result.GetValue(json))
            {
                AdminOutput.WriteJson(session.Output, clients);
                return AdminHost.Ok;
            }

            session.Output.WriteLine($"{"CLIENT ID",-24} {"STATUS",-9} {"CREATED",-21} ROLES");
            foreach (var client in clients)
            {
                session.Output.WriteLine($"{client.ClientId,-24} {(client.Disabled ? "disabled" : "active"),-9} {AdminOutput.Time(client.CreatedAt),-21} {string.Join(",", client.Roles)}");
            }

            return AdminHost.Ok;
        });
        return list;
    }
}
