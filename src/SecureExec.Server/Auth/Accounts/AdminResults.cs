using Microsoft.AspNetCore.Http.HttpResults;
using SecureExec.Server.Api;

namespace SecureExec.Server.Auth.Accounts;

/// <summary>Problem details (RFC 9457) for refused administration requests: 400 per field, 404, 409.</summary>
internal static class AdminResults
{
    public static bool IsInvalid(AccountFailure failure) => failure.Kind == AccountFailureKind.Invalid;

    public static ValidationProblem Invalid(AccountFailure failure) =>
        TypedResults.ValidationProblem(failure.Errors, title: "The request is not valid.", type: ProblemTypes.Validation);

    public static ProblemHttpResult Problem(AccountFailure failure) => failure.Kind switch
    {
        AccountFailureKind.NotFound => TypedResults.Problem(Detail(failure), statusCode: StatusCodes.Status404NotFound, title: "Not found.", type: ProblemTypes.NotFound),
        AccountFailureKind.Conflict => TypedResults.Problem(Detail(failure), statusCode: StatusCodes.Status409Conflict, title: "Conflict.", type: ProblemTypes.Conflict),
        _ => TypedResults.Problem(Detail(failure), statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.", type: ProblemTypes.Validation),
    };

    private static string Detail(AccountFailure failure) => string.Join("; ", failure.Lines());
}
