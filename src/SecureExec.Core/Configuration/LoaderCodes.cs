namespace SecureExec.Core.Configuration;

/// <summary>
/// The codes one loader reports for the problems the shared readers find, so each file format keeps its own
/// stable numbering (CAT…, PERM…).
/// </summary>
internal sealed record LoaderCodes(string Syntax, string UnknownKey, string WrongKind, string Duplicate, string InvalidValue);
