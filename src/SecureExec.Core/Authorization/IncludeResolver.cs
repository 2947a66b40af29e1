using System.Collections.Immutable;
using SecureExec.Core.Configuration;

namespace SecureExec.Core.Authorization;

/// <summary>
/// Resolves <c>includes</c>: every included role must exist and no role may include itself, directly or through
/// others. Walks with an explicit stack, so a long chain of includes cannot overflow the thread's stack.
/// </summary>
internal sealed class IncludeResolver(LoadContext context, IReadOnlyDictionary<string, RoleDraft> roles)
{
    private enum Visit
    {
        InProgress,
        Done,
    }

    private readonly Dictionary<string, Visit> _visits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableSortedSet<string>> _effective = new(StringComparer.Ordinal);

    /// <summary>Each role's effective scopes; complete only when no error was reported.</summary>
    public IReadOnlyDictionary<string, ImmutableSortedSet<string>> Resolve()
    {
        ReportUnknownIncludes();
        foreach (var role in roles.Values)
        {
            if (!_visits.ContainsKey(role.Name))
            {
                Walk(role);
            }
        }

        return _effective;
    }

    private void ReportUnknownIncludes()
    {
        foreach (var role in roles.Values)
        {
            foreach (var include in role.Includes.Where(i => !roles.ContainsKey(i.Value)))
            {
                var hint = DidYouMean.Closest(include.Value, roles.Keys);
                context.Error(include, PermissionErrorCodes.UnknownRole,
                    $"role '{role.Name}' includes '{include.Value}', which is not defined"
                    + (hint is null ? $"; defined roles: {string.Join(", ", roles.Keys)}" : $" (did you mean '{hint}'?)"));
            }
        }
    }

    private void Walk(RoleDraft start)
    {
        var stack = new Stack<(RoleDraft Role, int Next)>();
        Enter(start);
        while (stack.TryPop(out var frame))
        {
            var (role, next) = frame;
            if (next == role.Includes.Count)
            {
                _visits[role.Name] = Visit.Done;
                _effective[role.Name] = EffectiveScopes(role);
                continue;
            }

            stack.Push((role, next + 1));
            var include = role.Includes[next];
            if (!roles.TryGetValue(include.Value, out var target))
            {
                continue;
            }

            if (!_visits.TryGetValue(target.Name, out var visit))
            {
                Enter(target);
            }
            else if (visit == Visit.InProgress)
            {
                ReportCycle(role, target, include, stack);
            }
        }

        void Enter(RoleDraft role)
        {
            _visits[role.Name] = Visit.InProgress;
            stack.Push((role, 0));
        }
    }

    private void ReportCycle(RoleDraft role, RoleDraft target, YamlScalarNode include, Stack<(RoleDraft Role, int Next)> stack)
    {
        if (role.Name == target.Name)
        {
            context.Error(include, PermissionErrorCodes.IncludeCycle, $"role '{role.Name}' includes itself");
            return;
        }

        // The stack holds the walk from its start to this role; the cycle is its tail from the target on.
        var path = stack.Select(f => f.Role.Name).Reverse().ToList();
        var cycle = path.Skip(path.IndexOf(target.Name)).Append(target.Name);
        context.Error(include, PermissionErrorCodes.IncludeCycle,
            $"role '{role.Name}' includes '{target.Name}', which includes it back: {string.Join(" → ", cycle)}");
    }

    private ImmutableSortedSet<string> EffectiveScopes(RoleDraft role)
    {
        var scopes = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        scopes.UnionWith(role.Scopes.Select(s => s.Value));
        foreach (var include in role.Includes)
        {
            if (_effective.TryGetValue(include.Value, out var included))
            {
                scopes.UnionWith(included);
            }
        }

        return scopes.ToImmutable();
    }
}
