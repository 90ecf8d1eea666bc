namespace Sendai.Cbt.Normalization;

/// <summary>
/// The normalisation rules, as flags. <see cref="NormalizedText.Applied"/> and
/// <see cref="JapaneseNormalizer.TryParseNumber(string, out decimal, out NormalizationRules)"/> report the
/// rules that actually changed something; <see cref="JapaneseNormalizer.Describe(NormalizationRules)"/>
/// gives the Japanese explanation shown to teachers.
/// </summary>
[Flags]
public enum NormalizationRules
{
    /// <summary>Nothing was changed.</summary>
    None = 0,

    /// <summary>Full-width / half-width forms were folded.</summary>
    Width = 1 << 0,

    /// <summary>Katakana were folded to hiragana.</summary>
    Kana = 1 << 1,

    /// <summary>A dash or tilde after kana was read as the long vowel mark ー.</summary>
    LongVowel = 1 << 2,

    /// <summary>A dash variant was unified to '-'.</summary>
    Dash = 1 << 3,

    /// <summary>A tilde or wave dash was unified to '~'.</summary>
    Tilde = 1 << 4,

    /// <summary>White space was trimmed, collapsed or removed.</summary>
    Space = 1 << 5,

    /// <summary>Letter case was folded.</summary>
    Case = 1 << 6,

    /// <summary>Trailing punctuation was removed.</summary>
    Punctuation = 1 << 7,

    /// <summary>Kanji numerals (漢数字) were read as a number.</summary>
    KanjiNumeral = 1 << 8,

    /// <summary>Digit grouping separators (1,234) were accepted and ignored.</summary>
    DigitGrouping = 1 << 9,
}
