using System.Globalization;
using System.Text;

namespace SecureExec.Core.Templates.Validation;

/// <summary>
/// The checks every text value passes before any rule sees it: well-formed Unicode, normalised once (NFKC, so
/// fullwidth '；' and other compatibility look-alikes become the characters they imitate), and free of control,
/// format and separator characters that could forge log lines, hide text or split arguments.
/// </summary>
internal static class TextGuard
{
    public enum Verdict
    {
        Clean,
        InvalidEncoding,
        ControlCharacters,
    }

    public static Verdict Normalize(string raw, out string normalized)
    {
        normalized = raw;
        if (!IsWellFormed(raw))
        {
            return Verdict.InvalidEncoding;
        }

        normalized = raw.IsNormalized(NormalizationForm.FormKC) ? raw : raw.Normalize(NormalizationForm.FormKC);
        return HasForbiddenCharacter(raw) || HasForbiddenCharacter(normalized) ? Verdict.ControlCharacters : Verdict.Clean;
    }

    private static bool IsWellFormed(string value)
    {
        var span = value.AsSpan();
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(span, out var rune, out var consumed) != System.Buffers.OperationStatus.Done
                || rune == Rune.ReplacementChar)
            {
                return false;
            }

            span = span[consumed..];
        }

        return true;
    }

    private static bool HasForbiddenCharacter(string value)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned)
            {
                return true;
            }
        }

        return false;
    }
}
