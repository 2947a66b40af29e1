namespace SecureExec.Server.Console;

/// <summary>Where the console may send a browser after a login: its own pages only (no open redirect).</summary>
internal static class ConsoleRedirects
{
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is not null
        && (returnUrl == ConsolePaths.Home || returnUrl.StartsWith(ConsolePaths.Home + "/", StringComparison.Ordinal) || returnUrl.StartsWith(ConsolePaths.Home + "?", StringComparison.Ordinal))
        && !returnUrl.Contains('\\', StringComparison.Ordinal)
        && !returnUrl.StartsWith(ConsolePaths.Login, StringComparison.Ordinal)
            ? returnUrl
            : ConsolePaths.Home;
}
