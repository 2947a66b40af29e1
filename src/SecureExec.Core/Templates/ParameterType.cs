namespace SecureExec.Core.Templates;

/// <summary>The types a template parameter can have; their YAML names are the lower-case member names.</summary>
public enum ParameterType
{
    String,
    Int,
    Float,
    Bool,
    Path,
    Enum,
    Hostname,
    Ip,
    Port,
}

internal static class ParameterTypes
{
    private static readonly Dictionary<string, ParameterType> ByName = Enum.GetValues<ParameterType>()
        .ToDictionary(t => t.ToString().ToLowerInvariant(), StringComparer.Ordinal);

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string name, out ParameterType type) => ByName.TryGetValue(name, out type);

    public static string Name(this ParameterType type) => type.ToString().ToLowerInvariant();

    /// <summary>Types whose values are text the user chooses freely (subject to rules).</summary>
    public static bool IsText(this ParameterType type) => type is ParameterType.String or ParameterType.Path or ParameterType.Hostname;

    public static bool IsNumber(this ParameterType type) => type is ParameterType.Int or ParameterType.Float or ParameterType.Port;
}
