namespace SecureExec.Core.Templates.Loading;

/// <summary>Every key the catalog format knows, per level. The catalog's JSON Schema lists exactly these.</summary>
public static class CatalogKeys
{
    public static readonly IReadOnlyList<string> Root = ["templates"];

    public static readonly IReadOnlyList<string> Template =
    [
        "command", "description", "category", "parameters", "permissions",
        "timeout", "cpu_time", "allow_network", "allow_file_write", "memory_limit", "cpu_limit",
        "max_processes", "max_output", "max_file_size", "max_open_files", "rootfs", "sandbox_image", "environment",
    ];

    public static readonly IReadOnlyList<string> Permissions = ["required_scopes", "max_execution_time"];

    public static readonly IReadOnlyList<string> Parameter =
    [
        "type", "required", "default", "description", "validation", "pattern", "allowed_values",
        "min_length", "max_length", "min_value", "max_value", "allowed_paths", "forbidden_paths",
        "sensitive", "allow_leading_dash", "allow_shell_syntax",
    ];
}
