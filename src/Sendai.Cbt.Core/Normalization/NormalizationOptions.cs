namespace Sendai.Cbt.Normalization;

/// <summary>Which differences are ignored when a short answer is compared with accepted answers.</summary>
public sealed record NormalizationOptions
{
    /// <summary>Full-width/half-width forms are equal.</summary>
    public bool Width { get; init; } = true;
    /// <summary>Hiragana and katakana are equal.</summary>
    public bool KanaInsensitive { get; init; }
    /// <summary>Long-vowel, dash and tilde variants are equal.</summary>
    public bool LongVowelAndDashVariants { get; init; } = true;
    /// <summary>Leading/trailing spaces (including U+3000) are ignored and runs collapse.</summary>
    public bool Spaces { get; init; } = true;
    /// <summary>All spaces are ignored.</summary>
    public bool IgnoreAllSpaces { get; init; }
    /// <summary>Latin case is ignored.</summary>
    public bool CaseInsensitive { get; init; } = true;
    /// <summary>Punctuation is ignored.</summary>
    public bool Punctuation { get; init; }
    /// <summary>The defaults.</summary>
    public static NormalizationOptions Default { get; } = new();
    /// <summary>Exact comparison.</summary>
    public static NormalizationOptions None { get; } = new() { Width = false, LongVowelAndDashVariants = false, Spaces = false, CaseInsensitive = false };
}
