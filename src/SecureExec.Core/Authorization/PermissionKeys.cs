namespace SecureExec.Core.Authorization;

/// <summary>Every key the permissions format knows, per level.</summary>
public static class PermissionKeys
{
    public static readonly IReadOnlyList<string> Root = ["roles"];

    public static readonly IReadOnlyList<string> Role = ["description", "scopes", "includes"];
}
