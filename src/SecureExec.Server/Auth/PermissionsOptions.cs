namespace SecureExec.Server.Auth;

/// <summary>Where the roles → scopes file lives (<c>SecureExec:Permissions:Path</c>; relative to the working directory).</summary>
internal sealed class PermissionsOptions
{
    public const string Section = "SecureExec:Permissions";
    public const string DefaultPath = "config/permissions.yaml";

    public string Path { get; set; } = DefaultPath;
}
