using System.Text.Json;

namespace SecureExec.Core.Templates.Validation;

/// <summary>Checks one JSON value against one parameter: its type first, then the parameter's rules.</summary>
internal sealed class ValueValidator(IPathResolver pathResolver)
{
    public readonly record struct Outcome(ValidatedValue? Value, ParameterError? Error);

    private const string ShellSyntaxMessage = "must not contain shell syntax ( ; | & $ ` < > ( ) { } * ? [ ] ' \" \\ ! or a leading ~ )";

    public Outcome Validate(ParameterDefinition parameter, JsonElement json)
    {
        // The user's own text (normalised, before a path is made absolute) is what shell syntax and options are judged on.
        var (value, userText, error) = ParseType(parameter, json);
        if (error is not null)
        {
            return Fail(parameter, error.Value.Rule, error.Value.Message, userText);
        }

        var text = value!.Text;
        var listed = parameter.AllowedValues.Count > 0 && parameter.AllowedValues.Contains(text, StringComparer.Ordinal);
        if (parameter.AllowedValues.Count > 0 && !listed)
        {
            return Fail(parameter, ValidationRules.AllowedValues, "must be one of the allowed values", userText);
        }

        if (!listed)
        {
            if (parameter.Type.IsText() && !parameter.AllowShellSyntax && ShellSyntax.Contains(userText ?? text))
            {
                return Fail(parameter, ValidationRules.ShellSyntax, ShellSyntaxMessage, userText);
            }

            if ((userText ?? text).StartsWith('-') && !parameter.AllowLeadingDash)
            {
                return Fail(parameter, ValidationRules.LeadingDash, "must not start with '-' (it would be read as an option)", userText);
            }
        }

        var rule = CheckRules(parameter, text, value);
        return rule is null ? new Outcome(value, null) : Fail(parameter, rule.Value.Rule, rule.Value.Message, userText);
    }

    private (ValidatedValue? Value, string? UserText, (string Rule, string Message)? Error) ParseType(ParameterDefinition parameter, JsonElement json)
    {
        switch (parameter.Type)
        {
            case ParameterType.Int:
            case ParameterType.Port:
                if (json.ValueKind != JsonValueKind.Number || !json.TryGetInt64(out var integer))
                {
                    return (null, null, (ValidationRules.Type, "must be a whole number (a JSON number, not a string)"));
                }

                if (parameter.Type == ParameterType.Port && integer is < 1 or > 65535)
                {
                    return (null, null, (ValidationRules.Port, "must be a port number from 1 to 65535"));
                }

                return (ValidatedValue.OfInteger(parameter.Type, integer), null, null);
            case ParameterType.Float:
                if (json.ValueKind != JsonValueKind.Number || !json.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    return (null, null, (ValidationRules.Type, "must be a finite number (a JSON number, not a string)"));
                }

                return (ValidatedValue.OfFloat(number), null, null);
            case ParameterType.Bool:
                return json.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? (ValidatedValue.OfBool(json.GetBoolean()), null, null)
                    : (null, null, (ValidationRules.Type, "must be true or false (a JSON boolean)"));
            default:
                return ParseText(parameter, json);
        }
    }

    private (ValidatedValue? Value, string? UserText, (string Rule, string Message)? Error) ParseText(ParameterDefinition parameter, JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.String)
        {
            return (null, null, (ValidationRules.Type, "must be a string"));
        }

        string raw;
        try
        {
            raw = json.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return (null, null, (ValidationRules.InvalidEncoding, "is not well-formed Unicode text"));
        }

        switch (TextGuard.Normalize(raw, out var text))
        {
            case TextGuard.Verdict.InvalidEncoding:
                return (null, null, (ValidationRules.InvalidEncoding, "is not well-formed Unicode text"));
            case TextGuard.Verdict.ControlCharacters:
                return (null, text, (ValidationRules.ControlCharacters, "must not contain control, format or invisible characters"));
        }

        switch (parameter.Type)
        {
            case ParameterType.Path:
                if (PathRules.HasPercentEncoding(text))
                {
                    return (null, text, (ValidationRules.PathEncoding, "must be a plain path, not percent-encoded"));
                }

                if (PathRules.HasTraversal(text))
                {
                    return (null, text, (ValidationRules.PathTraversal, "must not contain '..' segments"));
                }

                var baseDirectory = parameter.AllowedPaths.Count > 0 ? parameter.AllowedPaths[0] : "/";
                return (ValidatedValue.OfText(ParameterType.Path, PathRules.Normalize(text, baseDirectory)), text, null);
            case ParameterType.Hostname:
                return NetworkSyntax.IsHostname(text)
                    ? (ValidatedValue.OfText(ParameterType.Hostname, text), text, null)
                    : (null, text, (ValidationRules.Hostname, "must be a host name (letters, digits, '-' and '.', labels of at most 63)"));
            case ParameterType.Ip:
                return NetworkSyntax.TryCanonicalIp(text, out var canonical)
                    ? (ValidatedValue.OfText(ParameterType.Ip, canonical), text, null)
                    : (null, text, (ValidationRules.Ip, "must be an IPv4 address in dotted-decimal form or an IPv6 address"));
            default:
                return (ValidatedValue.OfText(parameter.Type, text), text, null);
        }
    }

    private (string Rule, string Message)? CheckRules(ParameterDefinition parameter, string text, ValidatedValue value)
    {
        if (parameter.Type.IsNumber())
        {
            var number = Convert.ToDouble(value.Value, System.Globalization.CultureInfo.InvariantCulture);
            if (number < parameter.MinValue)
            {
                return (ValidationRules.MinValue, $"must be at least {Format(parameter.MinValue.Value)}");
            }

            if (number > parameter.MaxValue)
            {
                return (ValidationRules.MaxValue, $"must be at most {Format(parameter.MaxValue.Value)}");
            }

            return null;
        }

        if (!parameter.Type.IsText())
        {
            return null;
        }

        var length = text.EnumerateRunes().Count();
        if (length < parameter.MinLength)
        {
            return (ValidationRules.MinLength, $"must be at least {parameter.MinLength} characters long");
        }

        if (length > parameter.MaxLength)
        {
            return (ValidationRules.MaxLength, $"must be at most {parameter.MaxLength} characters long");
        }

        if (parameter.Pattern is { } pattern)
        {
            switch (pattern.Matches(text))
            {
                case false:
                    return (ValidationRules.Pattern, "does not match the required pattern");
                case null:
                    return (ValidationRules.PatternTimeout, "took too long to check against the pattern");
            }
        }

        return parameter.Type == ParameterType.Path ? CheckConfinement(parameter, text) : null;
    }

    private (string Rule, string Message)? CheckConfinement(ParameterDefinition parameter, string path)
    {
        if (parameter.AllowedPaths.Count > 0 && !PathRules.IsWithinAny(path, parameter.AllowedPaths))
        {
            return (ValidationRules.AllowedPaths, $"must lie within {string.Join(", ", parameter.AllowedPaths)}");
        }

        if (PathRules.IsWithinAny(path, parameter.ForbiddenPaths))
        {
            return (ValidationRules.ForbiddenPaths, "lies in a forbidden location");
        }

        if (parameter.AllowedPaths.Count == 0 && parameter.ForbiddenPaths.Count == 0)
        {
            return null;
        }

        // The program opens the path through the kernel, which follows links: confine where it really leads.
        var real = pathResolver.Resolve(path);
        if (real == path)
        {
            return null;
        }

        var allowedReal = parameter.AllowedPaths.Count == 0
            || parameter.AllowedPaths.Any(root => PathRules.IsWithin(real, root) || PathRules.IsWithin(real, pathResolver.Resolve(root)));
        var forbiddenReal = parameter.ForbiddenPaths.Any(root => PathRules.IsWithin(real, root) || PathRules.IsWithin(real, pathResolver.Resolve(root)));
        return allowedReal && !forbiddenReal
            ? null
            : (ValidationRules.SymlinkEscape, "leads through a symbolic link out of the allowed locations");
    }

    /// <summary>A refusal is an attempt when its rule says so, or when the value carried shell syntax or an option anyway.</summary>
    private static Outcome Fail(ParameterDefinition parameter, string rule, string message, string? userText)
    {
        var injection = rule is ValidationRules.ControlCharacters or ValidationRules.Duplicate or ValidationRules.ShellSyntax or ValidationRules.LeadingDash
            or ValidationRules.PathEncoding or ValidationRules.PathTraversal or ValidationRules.SymlinkEscape or ValidationRules.InvalidEncoding
            || (userText is not null && (ShellSyntax.Contains(userText) || userText.StartsWith('-')));
        return new Outcome(null, new ParameterError(parameter.Name, rule, message, injection));
    }

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
