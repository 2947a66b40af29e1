using SecureExec.Core.Authorization;

namespace SecureExec.Server.Console;

/// <summary>
/// The console's scope policies as constants, for <c>[Authorize(Policy = ...)]</c> on pages (an attribute needs a
/// constant); each equals <see cref="ConsoleAuthentication.PolicyFor"/> of its scope.
/// </summary>
public static class ConsolePolicies
{
    public const string AuditRead = "console:" + ReservedScopes.AuditRead;

    public const string Admin = "console:" + ReservedScopes.Admin;
}
