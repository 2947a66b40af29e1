using System.Text.RegularExpressions;
using SecureExec.Core.Authorization;

namespace SecureExec.Server.Auth.Accounts;

/// <summary>
/// The rules for account names, passwords and roles, checked all at once so one refusal lists every broken rule.
/// Each message names the rule, so it can be shown as it is by the API (400) and the command line (exit 1).
/// </summary>
internal sealed partial class AccountRules(PermissionPolicy policy)
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 1024;
    public const int MaxNameLength = 64;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Passed => _errors.Count == 0;

    public AccountFailure Failure() => AccountFailure.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    /// <summary>1–64 characters of <c>A–Z a–z 0–9 . _ @ -</c>: a user name or client id.</summary>
    public AccountRules Name(string field, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            Add(field, "is required");
        }
        else if (name.Length > MaxNameLength)
        {
            Add(field, $"must be at most {MaxNameLength} characters");
        }
        else if (!NamePattern().IsMatch(name))
        {
            Add(field, "may contain only letters A-Z a-z, digits 0-9 and . _ @ -");
        }

        return this;
    }

    /// <summary>12–1024 characters; <c>null</c> passes when a password will be generated instead.</summary>
    public AccountRules Password(string field, string? password, bool required)
    {
        if (password is null)
        {
            if (required)
            {
                Add(field, "is required");
            }
        }
        else if (password.Length < MinPasswordLength)
        {
            Add(field, $"must be at least {MinPasswordLength} characters");
        }
        else if (password.Length > MaxPasswordLength)
        {
            Add(field, $"must be at most {MaxPasswordLength} characters");
        }

        return this;
    }

    /// <summary>At least one role, each defined in the permissions file (names match exactly).</summary>
    public AccountRules Roles(string field, IReadOnlyList<string>? roles)
    {
        if (roles is null || roles.Count == 0)
        {
            Add(field, "at least one role is required");
            return this;
        }

        foreach (var role in roles.Distinct(StringComparer.Ordinal).Where(r => policy.Find(r ?? "") is null))
        {
            Add(field, $"unknown role '{role}': the permissions file defines {string.Join(", ", policy.Roles.Select(r => r.Name))}");
        }

        return this;
    }

    /// <summary>The roles as stored: each once, in the order given.</summary>
    public static List<string> Distinct(IReadOnlyList<string> roles) => [.. roles.Distinct(StringComparer.Ordinal)];

    private void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]+$")]
    private static partial Regex NamePattern();
}
