namespace SecureExec.Server.Auth.Accounts;

internal enum AccountFailureKind
{
    /// <summary>A field broke a rule (HTTP 400, CLI exit 1).</summary>
    Invalid,

    /// <summary>No user or client of that name (HTTP 404, CLI exit 1).</summary>
    NotFound,

    /// <summary>The name is taken, or the account changed under us (HTTP 409, CLI exit 1).</summary>
    Conflict,
}

/// <summary>Why an administration request was refused: per field, each message naming the rule.</summary>
internal sealed record AccountFailure(AccountFailureKind Kind, IReadOnlyDictionary<string, string[]> Errors)
{
    public static AccountFailure Invalid(IReadOnlyDictionary<string, string[]> errors) => new(AccountFailureKind.Invalid, errors);

    public static AccountFailure NotFound(string field, string message) => new(AccountFailureKind.NotFound, One(field, message));

    public static AccountFailure Conflict(string field, string message) => new(AccountFailureKind.Conflict, One(field, message));

    /// <summary>Every error on one line each: <c>field: message</c>.</summary>
    public IEnumerable<string> Lines() => Errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}"));

    private static Dictionary<string, string[]> One(string field, string message) => new() { [field] = [message] };
}

/// <summary>The result of an administration request: a value, or the failure that refused it.</summary>
internal sealed class AccountOutcome<T>
{
    private AccountOutcome(T? value, AccountFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public AccountFailure? Failure { get; }

    public static implicit operator AccountOutcome<T>(T value) => new(value, null);

    public static implicit operator AccountOutcome<T>(AccountFailure failure) => new(default, failure);
}
