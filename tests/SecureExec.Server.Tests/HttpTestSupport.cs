using System.Text.Json;

namespace SecureExec.Server.Tests;

/// <summary>Reading responses, for every test folder.</summary>
internal static class HttpTestSupport
{
    /// <summary>The response body as JSON, detached from its document; <c>default</c> when the body is empty.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
