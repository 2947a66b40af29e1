using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SecureExec.Core.Configuration;

/// <summary>The steps every YAML configuration file shares: read strict UTF-8, then parse into a positioned tree.</summary>
internal static class ConfigFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a file's bytes and its text (without a byte order mark); on failure, says why in words about <paramref name="what"/>.</summary>
    public static bool TryRead(string path, string what, [NotNullWhen(true)] out byte[]? bytes, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? problem)
    {
        text = null;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bytes = null;
            problem = $"cannot read {what}: {e.Message}";
            return false;
        }

        try
        {
            text = StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            bytes = null;
            problem = $"{what} is not valid UTF-8";
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>Parses one YAML document; a syntax error is reported to <paramref name="context"/> and returns false.</summary>
    public static bool TryParse(string text, LoadContext context, out YamlTreeNode? root)
    {
        try
        {
            root = YamlTreeReader.Read(text);
            return true;
        }
        catch (YamlTreeReader.YamlSyntaxException e)
        {
            context.Error(e.Position, context.Codes.Syntax, $"YAML syntax: {e.Message}");
            root = null;
            return false;
        }
    }
}
