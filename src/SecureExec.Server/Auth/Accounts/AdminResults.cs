using Microsoft.AspNetCore.Http.HttpResults;
using SecureExec.Server.Api;

namespace SecureExec.Server.Auth.Accounts;

/// <summary>Problem details (RFC 9457) for refused administration requests: 400 per field, 404, 409.</summary>
internal static class AdminResults
{
    public static bool IsInvalid(AccountFailure failure) => failure.Kind == AccountFailureKind.Invalid;

    public static ValidationProblem Invalid(AccountFailure failure) => Problems.InvalidRequest(failure.Errors);

    public static ProblemHttpResult Problem(AccountFailure failure) => failure.Kind switch
    {
        AccountFailureKind.NotFound => Problems.NotFound(Detail(failure)),
        AccountFailureKind.Conflict => Problems.Conflict(Detail(failure)),
        _ => TypedResults.Problem(Invalid(failure).ProblemDetails),
    };

    private static string Detail(AccountFailure failure) => string.Join("; ", failure.Lines());
}
