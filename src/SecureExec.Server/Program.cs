using SecureExec.Server.Cli;

return ServerCommandLine.Build().Parse(args).Invoke();
