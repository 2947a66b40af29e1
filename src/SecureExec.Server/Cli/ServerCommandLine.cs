using System.CommandLine;

namespace SecureExec.Server.Cli;

/// <summary>
/// The server binary's command line: <c>serve</c> (the default) and the administration subcommands operators script.
/// Options the subcommands do not know (such as <c>--urls</c>) go on to the host's configuration.
/// </summary>
internal static class ServerCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("SecureExec: run approved, parameterized commands in a sandbox, over an authenticated API.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction(result => ServeCommand.Run([.. result.UnmatchedTokens], result.InvocationConfiguration.Error));

        var serve = new Command("serve", "Run the server (the default).") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction(result => ServeCommand.Run([.. result.UnmatchedTokens], result.InvocationConfiguration.Error));
        root.Subcommands.Add(serve);

        root.Subcommands.Add(TemplatesCommand.Build());
        root.Subcommands.Add(PermissionsCommand.Build());
        root.Subcommands.Add(AuditCommand.Build());
        root.Subcommands.Add(UsersCommand.Build());
        root.Subcommands.Add(ClientsCommand.Build());
        root.Subcommands.Add(KeysCommand.Build());
        root.Subcommands.Add(DbCommand.Build());
        return root;
    }
}
