using System.CommandLine;
using SecureExec.Server.Cli;

namespace SecureExec.Server.Tests;

internal static class ServerTestSupport
{
    public static string RepositoryRoot => Testing.Repository.Root;

    public static string ShippedCatalog => Path.Combine(RepositoryRoot, "config", "command_templates.yaml");

    public static string ShippedPermissions => Path.Combine(RepositoryRoot, "config", "permissions.yaml");

    /// <summary>Host arguments for the shipped configuration on a loopback port of its own.</summary>
    public static string[] ServeArguments(params string[] overrides) =>
        ["--urls=http://127.0.0.1:0", $"--SecureExec:Catalog:Path={ShippedCatalog}", $"--SecureExec:Permissions:Path={ShippedPermissions}",
            $"--SecureExec:DataDirectory={NewDataDirectory()}", .. SandboxOfItsOwn(), .. overrides];

    /// <summary>
    /// Servers in one test run start in parallel, and each sweeps its cgroup name's leftover runs at start-up: a name
    /// (and state directory) of its own keeps one server from killing another's runs.
    /// </summary>
    public static string[] SandboxOfItsOwn()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return [$"--SecureExec:Sandbox:CgroupName=secureexec-test-{id}", $"--SecureExec:Sandbox:StateDirectory=/run/secureexec-tests/{id}"];
    }

    /// <summary>A fresh, empty data directory (database, keys) under the temporary directory.</summary>
    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "secureexec-tests", Guid.NewGuid().ToString("N"));

    public static string SeedExample => Path.Combine(RepositoryRoot, "tests", "SecureExec.Core.Tests", "TestData", "seed-readme-example.yaml");

    /// <summary>Runs the server binary's command line in-process, capturing what it prints.</summary>
    public static (int Exit, string Output, string Errors) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = ServerCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = errors });
        return (exit, output.ToString(), errors.ToString());
    }

    /// <summary>Writes <paramref name="yaml"/> to a fresh temporary file and returns its path.</summary>
    public static string WriteTemp(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"secureexec-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

}
