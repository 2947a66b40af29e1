using Microsoft.AspNetCore.Http.HttpResults;
using static SecureExec.Server.Auth.Accounts.AdminResults;

namespace SecureExec.Server.Auth.Accounts;

internal sealed record CreateClientRequest(string? ClientId, List<string>? Roles);

/// <summary><c>/admin/clients</c>: list, create (the secret is returned once), remove.</summary>
internal static class AdminClientEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        var clients = admin.MapGroup("/clients");
        clients.MapGet("/", ListAsync).WithName("ListClients").WithSummary("List every service client (never its secret).");
        clients.MapPost("/", CreateAsync).WithName("CreateClient")
            .WithSummary("Create a confidential client for the client credentials grant; its secret is returned once.");
        clients.MapDelete("/{clientId}", RemoveAsync).WithName("RemoveClient")
            .WithSummary("Remove a client: its secret and tokens stop working at once.");
    }

    private static async Task<Ok<IReadOnlyList<ClientView>>> ListAsync(ClientService clients, CancellationToken ct) =>
        TypedResults.Ok(await clients.ListClientsAsync(ct));

    private static async Task<Results<Created<CreatedClient>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateClientRequest request, HttpContext context, ClientService clients, CancellationToken ct)
    {
        var outcome = await clients.CreateClientAsync(request.ClientId, request.Roles, AdminActor.Of(context), ct);
        return outcome.Failure switch
        {
            null => TypedResults.Created($"/admin/clients/{Uri.EscapeDataString(outcome.Value!.Client.ClientId)}", outcome.Value),
            var failure when IsInvalid(failure) => Invalid(failure),
            var failure => Problem(failure),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string clientId, HttpContext context, ClientService clients, CancellationToken ct)
    {
        var outcome = await clients.RemoveClientAsync(clientId, AdminActor.Of(context), ct);
        return outcome.Failure is { } failure ? Problem(failure) : TypedResults.NoContent();
    }
}
