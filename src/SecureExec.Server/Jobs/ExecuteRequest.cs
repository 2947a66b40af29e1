using System.Text.Json;
using SecureExec.Core.Templates.Validation;

namespace SecureExec.Server.Jobs;

/// <summary>
/// The body of <c>POST /execute</c>: <c>{"template": "...", "parameters": {...}}</c>, read strictly. Parameter values
/// stay raw JSON: the validator judges their types and text (including broken UTF-8) itself.
/// </summary>
internal sealed record ExecuteRequest(string Template, JsonElement Parameters)
{
    public const int MaxBodyBytes = 256 * 1024;

    private static readonly JsonDocumentOptions Strict = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    /// <summary>The request, or the part of the body that is wrong (<c>body</c>, <c>template</c>, <c>parameters</c>, a stray key) and why.</summary>
    public static async Task<(ExecuteRequest? Request, string Field, string Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, "body", "must be sent as application/json");
        }

        var body = await ReadBoundedAsync(request.Body, cancellationToken);
        if (body is null)
        {
            return (null, "body", $"must not be larger than {MaxBodyBytes} bytes");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Strict);
        }
        catch (JsonException)
        {
            return (null, "body", "is not valid JSON");
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    private static (ExecuteRequest? Request, string Field, string Error) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "body", "must be a JSON object");
        }

        if (!NamesAreText(root))
        {
            return (null, "body", "has a field name that is not valid UTF-8");
        }

        string? template = null;
        var parameters = default(JsonElement);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return (null, LogText.Encode(property.Name), "is given more than once");
            }

            switch (property.Name)
            {
                case "template" when property.Value.ValueKind == JsonValueKind.String:
                    template = NameOf(property.Value);
                    break;
                case "template":
                    return (null, "template", "must be a string");
                case "parameters" when property.Value.ValueKind == JsonValueKind.Object && !NamesAreText(property.Value):
                    return (null, "parameters", "has a parameter name that is not valid UTF-8");
                case "parameters" when property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null:
                    parameters = property.Value.Clone();
                    break;
                case "parameters":
                    return (null, "parameters", "must be a JSON object of parameter names to values");
                default:
                    return (null, LogText.Encode(property.Name), "is not a field of an execute request (template, parameters)");
            }
        }

        return template is null
            ? (null, "template", "is required")
            : (new ExecuteRequest(template, parameters), "", "");
    }

    /// <summary>The name as sent; one that is not valid UTF-8 can name no template, so it becomes a marker that matches none.</summary>
    private static string NameOf(JsonElement value)
    {
        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return "\ufffd(invalid utf-8)";
        }
    }

    /// <summary>
    /// Whether every property name of <paramref name="json"/> decodes: the parser accepts broken UTF-8 inside strings
    /// and only reading a name finds it, so names are checked before anything reads them.
    /// </summary>
    private static bool NamesAreText(JsonElement json)
    {
        try
        {
            foreach (var property in json.EnumerateObject())
            {
                _ = property.Name;
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
