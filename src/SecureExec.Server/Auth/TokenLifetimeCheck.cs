using System.Globalization;
using OpenIddict.Abstractions;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace SecureExec.Server.Auth;

/// <summary>
/// Runs just before OpenIddict's own expiry check. An expired access token is refused with words that say so
/// (<see cref="TokenFailures.Expired"/>): clients refresh on it, and it is not audited as a forgery. A token whose
/// <c>nbf</c> lies ahead is refused too (OpenIddict does not read <c>nbf</c>; this server never sets it).
/// </summary>
internal sealed class TokenLifetimeCheck(TimeProvider time) : IOpenIddictValidationHandler<ValidateTokenContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<TokenLifetimeCheck>()
            .SetOrder(OpenIddictValidationHandlers.Protection.ValidateExpirationDate.Descriptor.Order - 1)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    private const long MaxUnixSeconds = 253402300799;

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.Principal;
        if (context.DisableLifetimeValidation || principal is null)
        {
            return ValueTask.CompletedTask;
        }

        var now = time.GetUtcNow();
        if (principal.GetExpirationDate() is DateTimeOffset expiry && expiry < now)
        {
            context.Reject(Errors.InvalidToken, TokenFailures.Expired);
        }
        else if (principal.FindFirst(Claims.NotBefore) is { } notBefore
            && (!long.TryParse(notBefore.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, MaxUnixSeconds)) > now))
        {
            context.Reject(Errors.InvalidToken, "The specified token is invalid.");
        }

        return ValueTask.CompletedTask;
    }
}
