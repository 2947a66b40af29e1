using System.CommandLine;
using SecureExec.Server.Auth.Accounts;

namespace SecureExec.Server.Cli;

/// <summary>
/// <c>users add|disable|enable|roles|passwd|list</c>: administer user accounts in the server's data store. Changes are
/// audited with the actor <c>cli:USER</c> (the operating-system user running the command). Exit 0 done, 1 refused
/// (usage, a rule, an unknown or duplicate name), 2 configuration or data store problem.
/// </summary>
internal static class UsersCommand
{
    public static Command Build()
    {
        var users = new Command("users", "Administer user accounts (people who log in with a password).");
        users.Subcommands.Add(Add());
        users.Subcommands.Add(SetDisabled("disable", "Disable a user: their tokens stop working at once and they cannot log in.", true));
        users.Subcommands.Add(SetDisabled("enable", "Enable a disabled user.", false));
        users.Subcommands.Add(Roles());
        users.Subcommands.Add(Passwd());
        users.Subcommands.Add(List());
        return users;
    }

    private static Argument<string> NameArgument() => new("name") { Description = "The user name (1-64 characters of A-Z a-z 0-9 . _ @ -)." };

    private static Option<bool> PasswordStdin() => new("--password-stdin")
    {
        Description = "Read the password from standard input (otherwise one is generated and printed once).",
    };

    private static Command Add()
    {
        var name = NameArgument();
        var roles = new Option<string[]>("--role") { Description = "A role from permissions.yaml (repeat for more).", Required = true, Arity = ArgumentArity.OneOrMore };
        var stdin = PasswordStdin();
        var add = new Command("add", "Create a user with one or more roles.") { name, roles, stdin };
        add.SetAdminAction(async (session, result, ct) =>
        {
            var password = result.GetValue(stdin) ? AdminOutput.ReadSecretFromStdin() ?? "" : null;
            var outcome = await session.Get<AccountService>().CreateUserAsync(result.GetValue(name), result.GetValue(roles), password, AdminActor.Cli(), ct);
            if (outcome.Failure is { } failure)
            {
                return AdminOutput.Refused(session, "users add", failure);
            }

            var created = outcome.Value!;
            session.Output.WriteLine($"created user {created.User.Name} (roles: {string.Join(", ", created.User.Roles)})");
            PrintGenerated(session, created.GeneratedPassword);
            return AdminHost.Ok;
        });
        return add;
    }

    private static Command SetDisabled(string verb, string description, bool disabled)
    {
        var name = NameArgument();
        var command = new Command(verb, description) { name };
        command.SetAdminAction(async (session, result, ct) =>
        {
            var outcome = await session.Get<AccountService>().SetDisabledAsync(result.GetValue(name)!, disabled, AdminActor.Cli(), ct);
            if (outcome.Failure is { } failure)
            {
                return AdminOutput.Refused(session, $"users {verb}", failure);
            }

            session.Output.WriteLine($"user {outcome.Value!.Name} is {(disabled ? "disabled" : "enabled")}");
            return AdminHost.Ok;
        });
        return command;
    }

    private static Command Roles()
    {
        var name = NameArgument();
        var roles = AdminHost.ListArgument("roles", "The user's new roles (they replace the old ones).");
        var command = new Command("roles", "Replace a user's roles; their tokens stop working at once.") { name, roles };
        command.SetAdminAction(async (session, result, ct) =>
        {
            var outcome = await session.Get<AccountService>().SetRolesAsync(result.GetValue(name)!, result.GetValue(roles), AdminActor.Cli(), ct);
            if (outcome.Failure is { } failure)
            {
                return AdminOutput.Refused(session, "users roles", failure);
            }

            session.Output.WriteLine($"user {outcome.Value!.Name} has roles: {string.Join(", ", outcome.Value.Roles)}");
            return AdminHost.Ok;
        });
        return command;
    }

    private static Command Passwd()
    {
        var name = NameArgument();
        var stdin = PasswordStdin();
        var command = new Command("passwd", "Set a user's password; their tokens stop working at once.") { name, stdin };
        command.SetAdminAction(async (session, result, ct) =>
        {
            var password = result.GetValue(stdin) ? AdminOutput.ReadSecretFromStdin() ?? "" : null;
            var outcome = await session.Get<AccountService>().ResetPasswordAsync(result.GetValue(name)!, password, AdminActor.Cli(), ct);
            if (outcome.Failure is { } failure)
            {
                return AdminOutput.Refused(session, "users passwd", failure);
            }

            session.Output.WriteLine($"password of {result.GetValue(name)} changed");
            PrintGenerated(session, outcome.Value);
            return AdminHost.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("list", "List users (never their password hashes).") { json };
        command.SetAdminAction(async (session, result, ct) =>
        {
            var users = await session.Get<AccountService>().ListUsersAsync(ct);
            if (result.GetValue(json))
            {
                AdminOutput.WriteJson(session.Output, users);
                return AdminHost.Ok;
            }

            session.Output.WriteLine($"{"NAME",-24} {"STATUS",-9} {"CREATED",-21} {"LAST LOGIN",-21} ROLES");
            foreach (var user in users)
            {
                session.Output.WriteLine(
                    $"{user.Name,-24} {(user.Disabled ? "disabled" : "active"),-9} {AdminOutput.Time(user.CreatedAt),-21} {AdminOutput.Time(user.LastLoginAt),-21} {string.Join(",", user.Roles)}");
            }

            return AdminHost.Ok;
        });
        return command;
    }

    private static void PrintGenerated(AdminSession session, string? password)
    {
        if (password is not null)
        {
            session.Output.WriteLine($"password: {password}");
            session.Errors.WriteLine("The password above is shown once: it is not stored or logged.");
        }
    }
}
