using System.Globalization;
using SecureExec.Server.Auth.Accounts;

namespace SecureExec.Server.Console;

/// <summary>Addresses, times and status codes the administration pages share.</summary>
internal static class AdminLinks
{
    public static string User(string name) => "/console/admin/users/" + Uri.EscapeDataString(name);

    public static string Client(string clientId) => "/console/admin/clients/" + Uri.EscapeDataString(clientId);

    public static string Time(DateTimeOffset? time, string none = "") =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : none;

    /// <summary>The status a refused form answers with, as the API would: 400, 404, 409.</summary>
    public static int StatusOf(AccountFailure failure) => failure.Kind switch
    {
        AccountFailureKind.NotFound => StatusCodes.Status404NotFound,
        AccountFailureKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };
}
