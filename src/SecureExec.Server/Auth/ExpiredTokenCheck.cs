using OpenIddict.Abstractions;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace SecureExec.Server.Auth;

/// <summary>
/// Runs just before OpenIddict's own expiry check so an expired access token is refused with words that say so
/// (<see cref="TokenFailures.Expired"/>): clients refresh on it, and it is not audited as a forgery. OpenIddict's
/// check still runs after it for every other token.
/// </summary>
internal sealed class ExpiredTokenCheck(TimeProvider time) : IOpenIddictValidationHandler<ValidateTokenContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<ExpiredTokenCheck>()
            .SetOrder(OpenIddictValidationHandlers.Protection.ValidateExpirationDate.Descriptor.Order - 1)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.DisableLifetimeValidation && context.Principal?.GetExpirationDate() is DateTimeOffset expiry && expiry < time.GetUtcNow())
        {
            context.Reject(Errors.InvalidToken, TokenFailures.Expired);
        }

        return ValueTask.CompletedTask;
    }
}
