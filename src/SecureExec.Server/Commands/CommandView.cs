using System.Text.Json;
using SecureExec.Core.Templates;

namespace SecureExec.Server.Commands;

/// <summary>A template as <c>GET /commands</c> shows it to someone who may run it.</summary>
public sealed record CommandView(
    string Name,
    string Description,
    string Category,
    string Command,
    IReadOnlyList<string> RequiredScopes,
    IReadOnlyList<CommandParameterView> Parameters,
    JsonElement ParametersSchema,
    CommandLimitsView Limits)
{
    internal static CommandView Of(CommandTemplate template) => new(
        template.Name,
        template.Description,
        template.Category,
        template.CommandText,
        template.RequiredScopes,
        [.. template.Parameters.Select(CommandParameterView.Of)],
        template.ParametersSchema,
        CommandLimitsView.Of(template.Sandbox));
}

public sealed record CommandParameterView(
    string Name,
    string Type,
    bool Required,
    string? Description,
    string? Default,
    IReadOnlyList<string> AllowedValues,
    bool Sensitive)
{
    internal static CommandParameterView Of(ParameterDefinition parameter) => new(
        parameter.Name,
        parameter.Type.ToString().ToLowerInvariant(),
        parameter.Required && parameter.Default is null,
        parameter.Description,
        parameter.Default?.Text,
        parameter.AllowedValues,
        parameter.Sensitive);
}

/// <summary>The hard limits every run of the template gets.</summary>
public sealed record CommandLimitsView(
    double TimeoutSeconds,
    double CpuTimeSeconds,
    long MemoryBytes,
    double CpuCores,
    int MaxProcesses,
    long MaxOutputBytes,
    long MaxFileSizeBytes,
    int MaxOpenFiles,
    bool Network,
    bool FileWrite)
{
    internal static CommandLimitsView Of(SandboxProfile profile) => new(
        profile.Timeout.TotalSeconds,
        (profile.CpuTime ?? profile.Timeout).TotalSeconds,
        profile.MemoryLimitBytes,
        profile.CpuLimit,
        profile.MaxProcesses,
        profile.MaxOutputBytes,
        profile.MaxFileSizeBytes,
        profile.MaxOpenFiles,
        profile.AllowNetwork,
        profile.AllowFileWrite);
}
