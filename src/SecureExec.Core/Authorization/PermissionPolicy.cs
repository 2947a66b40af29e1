using System.Collections.Frozen;
using System.Collections.Immutable;
using SecureExec.Core.Configuration;
using SecureExec.Core.Templates;

namespace SecureExec.Core.Authorization;

/// <summary>
/// Roles and the scopes they grant, loaded and checked once (docs/permissions.md). Immutable and safe to share
/// between threads. Role names and scopes match exactly (ordinal, case-sensitive); a role the policy does not
/// define grants nothing.
/// </summary>
public sealed class PermissionPolicy
{
    private readonly FrozenDictionary<string, RoleDefinition> _byName;

    internal PermissionPolicy(string source, string contentSha256, IReadOnlyList<RoleDefinition> roles)
    {
        Source = source;
        ContentSha256 = contentSha256;
        Roles = roles;
        _byName = roles.ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);
        AllScopes = roles.SelectMany(r => r.EffectiveScopes).ToImmutableSortedSet(StringComparer.Ordinal);
    }

    /// <summary>The file the policy was loaded from.</summary>
    public string Source { get; }

    /// <summary>SHA-256 of the file's bytes, hex: names exactly which policy a decision was made under.</summary>
    public string ContentSha256 { get; }

    /// <summary>Roles in file order.</summary>
    public IReadOnlyList<RoleDefinition> Roles { get; }

    /// <summary>Every scope some role grants. Sorted.</summary>
    public IReadOnlySet<string> AllScopes { get; }

    public RoleDefinition? Find(string role) => _byName.GetValueOrDefault(role);

    /// <summary>Every scope the given roles grant, includes resolved. Unknown roles contribute nothing. Sorted.</summary>
    public IReadOnlySet<string> ScopesOf(IEnumerable<string> roles)
    {
        var scopes = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            if (role is not null && _byName.TryGetValue(role, out var definition))
            {
                scopes.UnionWith(definition.EffectiveScopes);
            }
        }

        return scopes.ToImmutable();
    }

    /// <summary>
    /// The scopes a new token gets (RFC 6749 §3.3): those requested that the roles grant, or every scope the roles
    /// grant when none are requested (<paramref name="requested"/> null or empty). A requested scope the roles do not
    /// grant is left out, never an error here: the server decides whether an empty or narrowed result is
    /// <c>invalid_scope</c>, and must return the granted <c>scope</c> when it differs from the request.
    /// </summary>
    public IReadOnlySet<string> GrantedScopes(IEnumerable<string> roles, IEnumerable<string>? requested)
    {
        var held = ScopesOf(roles);
        if (requested is null)
        {
            return held;
        }

        var asked = requested.ToList();
        return asked.Count == 0 ? held : held.Intersect(asked).ToImmutableSortedSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The scopes of an issued token that the user's roles still grant now: a removed role or a narrowed policy takes
    /// effect on the next request, not at token expiry. Unlike <see cref="GrantedScopes"/>, a token without scopes
    /// stays without scopes.
    /// </summary>
    public IReadOnlySet<string> StillGranted(IEnumerable<string> tokenScopes, IEnumerable<string> currentRoles) =>
        ScopesOf(currentRoles).Intersect(tokenScopes).ToImmutableSortedSet(StringComparer.Ordinal);

    /// <summary>
    /// Whether a token with these scopes may run the template: it must hold every one of the template's
    /// <c>required_scopes</c>. <see cref="ReservedScopes.Admin"/> grants no template by itself — an administrator
    /// runs commands through roles like anyone else, so a stolen admin token is not also a shell. A template that
    /// requires no scope (the catalog refuses one) is never runnable.
    /// </summary>
    public static bool CanRun(CommandTemplate template, IReadOnlySet<string> tokenScopes) =>
        template.RequiredScopes.Count > 0 && template.RequiredScopes.All(tokenScopes.Contains);

    /// <summary>
    /// Cross-checks the policy with a catalog: a template scope no role grants (nobody can run the template,
    /// <see cref="PermissionErrorCodes.ScopeNotGranted"/>), and a role scope that no template requires and the
    /// server does not reserve (usually a typo, <see cref="PermissionErrorCodes.ScopeUnused"/>). Empty when the two
    /// files agree.
    /// </summary>
    public IReadOnlyList<PermissionWarning> Check(TemplateCatalog catalog)
    {
        var warnings = new List<PermissionWarning>();
        foreach (var template in catalog.Templates)
        {
            foreach (var scope in template.RequiredScopes.Where(s => !AllScopes.Contains(s)))
            {
                warnings.Add(new PermissionWarning(catalog.Source, template.Position, PermissionErrorCodes.ScopeNotGranted,
                    $"template '{template.Name}' requires scope '{scope}', which no role in {Path.GetFileName(Source)} grants: nobody can run it"));
            }
        }

        var required = catalog.Templates.SelectMany(t => t.RequiredScopes).ToHashSet(StringComparer.Ordinal);
        var known = required.Concat(ReservedScopes.All).ToList();
        foreach (var role in Roles)
        {
            foreach (var scope in role.Scopes.Where(s => !required.Contains(s) && !ReservedScopes.IsReserved(s)))
            {
                var hint = DidYouMean.Closest(scope, known);
                warnings.Add(new PermissionWarning(Source, role.ScopePositions.GetValueOrDefault(scope, role.Position), PermissionErrorCodes.ScopeUnused,
                    $"role '{role.Name}' grants scope '{scope}', which no template requires and the server does not reserve"
                    + (hint is null ? "" : $" (did you mean '{hint}'?)")));
            }
        }

        return warnings;
    }
}
