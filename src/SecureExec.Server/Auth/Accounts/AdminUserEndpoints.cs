using Microsoft.AspNetCore.Http.HttpResults;
using static SecureExec.Server.Auth.Accounts.AdminResults;

namespace SecureExec.Server.Auth.Accounts;

internal sealed record CreateUserRequest(string? Name, List<string>? Roles, string? Password);

internal sealed record SetRolesRequest(List<string>? Roles);

internal sealed record ResetPasswordRequest(string? Password);

/// <summary>A password the server generated: returned once, never stored.</summary>
internal sealed record GeneratedPassword(string Password);

/// <summary><c>/admin/users</c>: list, read, create, disable, enable, set roles, reset password.</summary>
internal static class AdminUserEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        var users = admin.MapGroup("/users");
        users.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("List every user (never their password hash).");
        users.MapPost("/", CreateAsync).WithName("CreateUser")
            .WithSummary("Create a user with roles; without a password, one is generated and returned once.");
        users.MapGet("/{name}", GetAsync).WithName("GetUser").WithSummary("Read one user.");
        users.MapPost("/{name}/disable", (string name, HttpContext context, AccountService accounts, CancellationToken ct) =>
            SetDisabledAsync(name, true, context, accounts, ct))
            .WithName("DisableUser").WithSummary("Disable a user: their tokens stop working at once and they cannot log in.");
        users.MapPost("/{name}/enable", (string name, HttpContext context, AccountService accounts, CancellationToken ct) =>
            SetDisabledAsync(name, false, context, accounts, ct))
            .WithName("EnableUser").WithSummary("Enable a disabled user.");
        users.MapPut("/{name}/roles", SetRolesAsync).WithName("SetUserRoles")
            .WithSummary("Replace a user's roles; their tokens stop working at once.");
        users.MapPost("/{name}/password", ResetPasswordAsync).WithName("ResetUserPassword")
            .WithSummary("Set a user's password (or generate one, returned once); their tokens stop working at once.");
    }

    private static async Task<Ok<IReadOnlyList<UserView>>> ListAsync(AccountService accounts, CancellationToken ct) =>
        TypedResults.Ok(await accounts.ListUsersAsync(ct));

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetAsync(string name, AccountService accounts, CancellationToken ct)
    {
        var outcome = await accounts.GetUserAsync(name, ct);
        return outcome.Failure is { } failure ? Problem(failure) : TypedResults.Ok(outcome.Value);
    }

    private static async Task<Results<Created<CreatedUser>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, HttpContext context, AccountService accounts, CancellationToken ct)
    {
        var outcome = await accounts.CreateUserAsync(request.Name, request.Roles, request.Password, AdminActor.Of(context), ct);
        return outcome.Failure switch
        {
            null => TypedResults.Created($"/admin/users/{Uri.EscapeDataString(outcome.Value!.User.Name)}", outcome.Value),
            var failure when IsInvalid(failure) => Invalid(failure),
            var failure => Problem(failure),
        };
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> SetDisabledAsync(
        string name, bool disabled, HttpContext context, AccountService accounts, CancellationToken ct)
    {
        var outcome = await accounts.SetDisabledAsync(name, disabled, AdminActor.Of(context), ct);
        return outcome.Failure is { } failure ? Problem(failure) : TypedResults.Ok(outcome.Value);
    }

    private static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> SetRolesAsync(
        string name, SetRolesRequest request, HttpContext context, AccountService accounts, CancellationToken ct)
    {
        var outcome = await accounts.SetRolesAsync(name, request.Roles, AdminActor.Of(context), ct);
        return outcome.Failure switch
        {
            null => TypedResults.Ok(outcome.Value),
            var failure when IsInvalid(failure) => Invalid(failure),
            var failure => Problem(failure),
        };
    }

    private static async Task<Results<Ok<GeneratedPassword>, NoContent, ValidationProblem, ProblemHttpResult>> ResetPasswordAsync(
        string name, ResetPasswordRequest? request, HttpContext context, AccountService accounts, CancellationToken ct)
    {
        var outcome = await accounts.ResetPasswordAsync(name, request?.Password, AdminActor.Of(context), ct);
        return outcome.Failure switch
        {
            null when outcome.Value is { } generated => TypedResults.Ok(new GeneratedPassword(generated)),
            null => TypedResults.NoContent(),
            var failure when IsInvalid(failure) => Invalid(failure),
            var failure => Problem(failure),
        };
    }
}
