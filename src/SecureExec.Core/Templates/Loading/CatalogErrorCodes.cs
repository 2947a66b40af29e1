using SecureExec.Core.Configuration;

namespace SecureExec.Core.Templates.Loading;

/// <summary>The stable error codes of the catalog loader. Never renumber; add new ones at the end.</summary>
public static class CatalogErrorCodes
{
    public const string Syntax = "CAT001";
    public const string UnknownKey = "CAT002";
    public const string WrongKind = "CAT003";
    public const string MissingKey = "CAT004";
    public const string UnknownType = "CAT005";
    public const string InvalidRegex = "CAT006";
    public const string DefaultBreaksRules = "CAT007";
    public const string UndefinedPlaceholder = "CAT008";
    public const string UnusedParameter = "CAT009";
    public const string ShellMetacharacter = "CAT010";
    public const string ShellEvaluation = "CAT011";
    public const string Duplicate = "CAT012";
    public const string InvalidValue = "CAT013";
    public const string RuleNotApplicable = "CAT014";
    public const string ConflictingAliases = "CAT015";
    public const string InvalidCommand = "CAT016";
    public const string Unreadable = "CAT017";

    /// <summary>The codes the shared configuration readers report in a catalog.</summary>
    internal static readonly LoaderCodes Loader = new(Syntax, UnknownKey, WrongKind, Duplicate, InvalidValue);
}
