using System.Text.Json;

namespace SecureExec.Core.Templates.Validation;

/// <summary>
/// Validates a request's parameter values against a template: unknown and missing parameters, strict JSON types,
/// Unicode normalised once, then every rule of each parameter. Produces the argv only when everything passed.
/// </summary>
public sealed class ParameterValidator(IPathResolver pathResolver)
{
    private readonly ValueValidator _values = new(pathResolver);

    public ParameterValidator()
        : this(HostPathResolver.Instance)
    {
    }

    /// <summary>Validates the <c>parameters</c> object of a request (absent or JSON null means no parameters).</summary>
    public ValidationResult Validate(CommandTemplate template, JsonElement parameters)
    {
        if (parameters.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return Validate(template, new Dictionary<string, JsonElement>());
        }

        if (parameters.ValueKind != JsonValueKind.Object)
        {
            return ValidationResult.Failure([new ParameterError("parameters", ValidationRules.Type, "must be a JSON object of parameter names to values", false)]);
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var duplicates = new List<ParameterError>();
        foreach (var property in parameters.EnumerateObject())
        {
            if (!values.TryAdd(property.Name, property.Value))
            {
                duplicates.Add(new ParameterError(property.Name, ValidationRules.Duplicate, "is given more than once", true));
            }
        }

        var result = Validate(template, values);
        return duplicates.Count == 0 ? result : ValidationResult.Failure([.. duplicates, .. result.Errors]);
    }

    public ValidationResult Validate(CommandTemplate template, IReadOnlyDictionary<string, JsonElement> values)
    {
        var errors = new List<ParameterError>();
        var validated = new Dictionary<string, ValidatedValue>(StringComparer.Ordinal);
        foreach (var parameter in template.Parameters)
        {
            if (!values.TryGetValue(parameter.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (parameter.Default is not null)
                {
                    validated[parameter.Name] = parameter.Default;
                }
                else if (parameter.Required)
                {
                    errors.Add(new ParameterError(parameter.Name, ValidationRules.Required, "is required", false));
                }

                continue;
            }

            var outcome = _values.Validate(parameter, value);
            if (outcome.Error is not null)
            {
                errors.Add(outcome.Error);
            }
            else
            {
                validated[parameter.Name] = outcome.Value!;
            }
        }

        foreach (var name in values.Keys)
        {
            if (template.FindParameter(name) is null)
            {
                errors.Add(new ParameterError(LogText.Encode(name), ValidationRules.UnknownParameter, "is not a parameter of this template", false));
            }
        }

        if (errors.Count > 0)
        {
            return ValidationResult.Failure(errors);
        }

        return ValidationResult.Success(new ValidatedRequest(template, validated, ArgvRenderer.Render(template, validated)));
    }
}
