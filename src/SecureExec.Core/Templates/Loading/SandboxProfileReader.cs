using SecureExec.Core.Configuration;
using SecureExec.Core.Templates.Validation;

namespace SecureExec.Core.Templates.Loading;

/// <summary>Reads a template's sandbox keys (the seed's flat <c>timeout</c>, <c>memory_limit</c> … plus the limits it left implicit).</summary>
internal sealed class SandboxProfileReader(LoadContext context)
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    /// <summary>Variables the sandbox fixes itself, or that change how programs load and run.</summary>
    private static readonly HashSet<string> ReservedVariables = new(StringComparer.Ordinal)
    {
        "PATH", "HOME", "BASH_ENV", "ENV", "IFS", "SHELLOPTS", "BASHOPTS", "PS4", "CDPATH", "GCONV_PATH", "LOCPATH",
        "NLSPATH", "HOSTALIASES", "RESOLV_HOST_CONF", "GLIBC_TUNABLES", "PYTHONPATH", "PYTHONSTARTUP", "PERL5LIB",
        "PERL5OPT", "RUBYOPT", "NODE_OPTIONS", "TMPDIR",
    };

    public SandboxProfile Read(MappingReader template, MappingReader? permissions, string where)
    {
        var defaults = SandboxProfile.Default;
        return new SandboxProfile
        {
            Timeout = ReadTimeout(template, permissions, where) ?? defaults.Timeout,
            CpuTime = ReadCpuTime(template, where),
            AllowNetwork = ScalarReader.Bool(template["allow_network"], $"{where}: allow_network", context) ?? false,
            AllowFileWrite = ScalarReader.Bool(template["allow_file_write"], $"{where}: allow_file_write", context) ?? false,
            MemoryLimitBytes = Bounded(template, "memory_limit", where, 4L << 20, 64L << 30, "4m and 64g") ?? defaults.MemoryLimitBytes,
            CpuLimit = ReadCpu(template, where) ?? defaults.CpuLimit,
            MaxProcesses = (int?)BoundedInteger(template, "max_processes", where, 1, 4096) ?? defaults.MaxProcesses,
            MaxOutputBytes = Bounded(template, "max_output", where, 1L << 10, 1L << 30, "1k and 1g") ?? defaults.MaxOutputBytes,
            MaxFileSizeBytes = Bounded(template, "max_file_size", where, 0, 64L << 30, "0 and 64g") ?? defaults.MaxFileSizeBytes,
            MaxOpenFiles = (int?)BoundedInteger(template, "max_open_files", where, 16, 65536) ?? defaults.MaxOpenFiles,
            RootFilesystem = ReadRoot(template, where),
            Environment = ReadEnvironment(template, where),
        };
    }

    private TimeSpan? ReadTimeout(MappingReader template, MappingReader? permissions, string where)
    {
        var node = template["timeout"];
        var key = "timeout";
        if (permissions?["max_execution_time"] is { } fromPermissions)
        {
            if (node is not null)
            {
                context.Error(permissions.KeyOf("max_execution_time")!, CatalogErrorCodes.ConflictingAliases,
                    $"{where} sets both 'timeout' and 'permissions.max_execution_time', which mean the same; keep one");
                return null;
            }

            node = fromPermissions;
            key = "permissions.max_execution_time";
        }

        var value = ScalarReader.Duration(node, $"{where}: {key}", context);
        if (value is { } timeout && (timeout <= TimeSpan.Zero || timeout > MaxTimeout))
        {
            context.Error(node!, CatalogErrorCodes.InvalidValue, $"{where}: {key} must be between 1 second and 24 hours");
            return null;
        }

        return value;
    }

    private TimeSpan? ReadCpuTime(MappingReader template, string where)
    {
        var value = ScalarReader.Duration(template["cpu_time"], $"{where}: cpu_time", context);
        if (value is { } cpu && (cpu <= TimeSpan.Zero || cpu > MaxTimeout))
        {
            context.Error(template["cpu_time"]!, CatalogErrorCodes.InvalidValue, $"{where}: cpu_time must be between 1 second and 24 hours");
            return null;
        }

        return value;
    }

    private double? ReadCpu(MappingReader template, string where)
    {
        var value = ScalarReader.Number(template["cpu_limit"], $"{where}: cpu_limit", context);
        if (value is <= 0 or > 256)
        {
            context.Error(template["cpu_limit"]!, CatalogErrorCodes.InvalidValue, $"{where}: cpu_limit is in cores and must be above 0 and at most 256 (0.5 = half a core)");
            return null;
        }

        return value;
    }

    private long? Bounded(MappingReader template, string key, string where, long min, long max, string range)
    {
        var value = ScalarReader.ByteSize(template[key], $"{where}: {key}", context);
        if (value < min || value > max)
        {
            context.Error(template[key]!, CatalogErrorCodes.InvalidValue, $"{where}: {key} must be between {range}");
            return null;
        }

        return value;
    }

    private long? BoundedInteger(MappingReader template, string key, string where, long min, long max)
    {
        var value = ScalarReader.Integer(template[key], $"{where}: {key}", context);
        if (value < min || value > max)
        {
            context.Error(template[key]!, CatalogErrorCodes.InvalidValue, $"{where}: {key} must be between {min} and {max}");
            return null;
        }

        return value;
    }

    private string? ReadRoot(MappingReader template, string where)
    {
        if (template.Has("rootfs") && template.Has("sandbox_image"))
        {
            context.Error(template.KeyOf("sandbox_image")!, CatalogErrorCodes.ConflictingAliases, $"{where} sets both 'rootfs' and 'sandbox_image'; keep one");
            return null;
        }

        var key = template.Has("sandbox_image") ? "sandbox_image" : "rootfs";
        var value = ScalarReader.String(template[key], $"{where}: {key}", context);
        if (value is not null && !PathRules.IsValidRoot(value))
        {
            context.Error(template[key]!, CatalogErrorCodes.InvalidValue,
                $"{where}: {key} must be the absolute path of a root filesystem directory (container images are not used)");
            return null;
        }

        return value is null ? null : PathRules.Normalize(value, "/");
    }

    private Dictionary<string, string> ReadEnvironment(MappingReader template, string where)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = template["environment"];
        if (node is null or YamlScalarNode { IsNull: true })
        {
            return environment;
        }

        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, CatalogErrorCodes.WrongKind, $"{where}: environment must be a mapping of NAME: value");
            return environment;
        }

        foreach (var (key, valueNode) in mapping.Entries)
        {
            var name = key.Value;
            var value = ScalarReader.String(valueNode, $"{where}: environment {name}", context) ?? "";
            if (!Names.IsEnvironmentVariable(name))
            {
                context.Error(key, CatalogErrorCodes.InvalidValue, $"{where}: '{name}' is not a valid environment variable name");
            }
            else if (ReservedVariables.Contains(name) || name.StartsWith("LD_", StringComparison.Ordinal) || name.StartsWith("DYLD_", StringComparison.Ordinal))
            {
                context.Error(key, CatalogErrorCodes.InvalidValue, $"{where}: environment variable '{name}' is fixed by the sandbox or changes how programs load; it cannot be set");
            }
            else if (value.Any(char.IsControl))
            {
                context.Error(valueNode, CatalogErrorCodes.InvalidValue, $"{where}: environment variable '{name}' holds a control character");
            }
            else if (!environment.TryAdd(name, value))
            {
                context.Error(key, CatalogErrorCodes.Duplicate, $"{where}: environment variable '{name}' is set twice");
            }
        }

        return environment;
    }
}
