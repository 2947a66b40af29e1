using SecureExec.Core.Configuration;

namespace SecureExec.Core.Authorization;

/// <summary>
/// The stable codes of the permissions loader (errors, PERM0xx) and of the cross-check with the catalog
/// (warnings, PERM1xx). Never renumber; add new ones at the end of their range.
/// </summary>
public static class PermissionErrorCodes
{
    public const string Syntax = "PERM001";
    public const string UnknownKey = "PERM002";
    public const string WrongKind = "PERM003";
    public const string MissingKey = "PERM004";
    public const string Duplicate = "PERM005";
    public const string InvalidScope = "PERM006";
    public const string InvalidRoleName = "PERM007";
    public const string UnknownRole = "PERM008";
    public const string IncludeCycle = "PERM009";
    public const string EmptyRole = "PERM010";
    public const string Unreadable = "PERM011";

    /// <summary>Warning: a template requires a scope that no role grants, so nobody can run it.</summary>
    public const string ScopeNotGranted = "PERM101";

    /// <summary>Warning: a role grants a scope that no template requires and the server does not reserve (often a typo).</summary>
    public const string ScopeUnused = "PERM102";

    /// <summary>
    /// The codes the shared configuration readers report in a permissions file. Their value checks (sizes,
    /// durations) are never used here; a malformed value in this format is a malformed scope.
    /// </summary>
    internal static readonly LoaderCodes Loader = new(Syntax, UnknownKey, WrongKind, Duplicate, InvalidScope);
}
