using System.Text.RegularExpressions;

namespace SecureExec.Server.Observability;

/// <summary>
/// <c>X-Correlation-ID</c>: taken from the request when it is a short token of safe characters, otherwise generated;
/// returned on the response, put in the logging scope and on every audit entry the request writes.
/// </summary>
public static partial class CorrelationId
{
    public const string Header = "X-Correlation-ID";
    private const string ItemKey = "SecureExec.CorrelationId";

    public static string GetCorrelationId(this HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var value) && value is string id)
        {
            return id;
        }

        var offered = context.Request.Headers[Header].ToString();
        id = SafeId().IsMatch(offered) ? offered : Guid.NewGuid().ToString("N");
        context.Items[ItemKey] = id;
        return id;
    }

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var id = context.GetCorrelationId();
            context.Response.Headers[Header] = id;
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SecureExec.Request");
            using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
            {
                await next(context);
            }
        });

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex SafeId();
}
