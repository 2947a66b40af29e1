namespace SecureExec.Server.Commands;

/// <summary>Where the template catalog lives (<c>SecureExec:Catalog:Path</c>; relative to the working directory).</summary>
internal sealed class CatalogOptions
{
    public const string Section = "SecureExec:Catalog";
    public const string DefaultPath = "config/command_templates.yaml";

    public string Path { get; set; } = DefaultPath;
}
