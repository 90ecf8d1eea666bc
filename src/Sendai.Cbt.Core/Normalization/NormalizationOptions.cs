namespace Sendai.Cbt.Normalization;

/// <summary>
/// Which equivalences <see cref="JapaneseNormalizer.Normalize(string, NormalizationOptions)"/> applies
/// to a short answer. Every switch can be set per item; the record is immutable, use <c>with</c> to derive.
/// </summary>
/// <remarks>
/// The stages run per character in this fixed order: <see cref="Width"/>, <see cref="CaseInsensitive"/>,
/// <see cref="KanaInsensitive"/>, <see cref="LongVowelAndDashVariants"/>, <see cref="Spaces"/> /
/// <see cref="IgnoreAllSpaces"/>; <see cref="Punctuation"/> runs last on the end of the text.
/// The result is idempotent for every combination of options.
/// </remarks>
public sealed record NormalizationOptions
{
    /// <summary>
    /// NFKC-like width folding (default <see langword="true"/>):
    /// full-width ASCII U+FF01–U+FF5E to U+0021–U+007E; U+3000, U+00A0, U+2000–U+200A, U+202F, U+205F to U+0020;
    /// ￠￡￢￤￥￦ (U+FFE0–U+FFE6 except U+FFE3) to ¢£¬¦¥₩; ｟｠ to ⦅⦆;
    /// half-width katakana and punctuation U+FF61–U+FF9D to their full-width forms, composing a following
    /// ﾞ/ﾟ (U+FF9E/U+FF9F) or combining mark U+3099/U+309A into the precomposed kana (ｶﾞ→ガ, ﾊﾟ→パ, ｳﾞ→ヴ, か+U+3099→が);
    /// a voiced mark that cannot be composed becomes the spacing mark ゛ or ゜ (U+309B/U+309C).
    /// Nothing else is folded (no circled digits, no Kangxi radicals, no ligatures).
    /// </summary>
    public bool Width { get; init; } = true;

    /// <summary>
    /// Treat hiragana and katakana as equal by folding katakana to hiragana (default <see langword="false"/>):
    /// U+30A1–U+30F4 minus 0x60 (so ヴ→ゔ), ヽヾ→ゝゞ. The small ヵ and ヶ (and hiragana ゕ ゖ) all fold to か,
    /// because in school Japanese they appear almost only as the counter in 一ヶ月 = 一か月 = 一カ月.
    /// ヷヸヹヺ, ー and half-width katakana (handled by <see cref="Width"/>) are left alone.
    /// </summary>
    public bool KanaInsensitive { get; init; }

    /// <summary>
    /// Unify long vowel marks, dashes and tildes (default <see langword="true"/>). A dash
    /// (- ‐ ‑ ‒ – — ― ⁃ − ─ ー ｰ －) or tilde (~ ∼ 〜 〰 ～) that directly follows a kana character
    /// (hiragana, katakana, half-width katakana, ゝゞヽヾ, voiced marks or ー itself, as already emitted) becomes ー (U+30FC);
    /// anywhere else (start of text, after kanji, digits, Latin, punctuation or white space) a dash becomes '-' (U+002D)
    /// and a tilde becomes '~' (U+007E). The context is the previous character after normalisation: a space kept
    /// between kana and a dash breaks it (あ ー → あ -), a space removed by <see cref="IgnoreAllSpaces"/> does not.
    /// Examples: コンピュ―タ－ → コンピューター, すご〜い → すごーい, 03ー1234 → 03-1234, 10〜20 → 10~20.
    /// </summary>
    public bool LongVowelAndDashVariants { get; init; } = true;

    /// <summary>
    /// Trim leading and trailing white space (anything <see cref="char.IsWhiteSpace(char)"/>, including U+3000)
    /// and collapse each internal run of white space into one U+0020 (default <see langword="true"/>).
    /// </summary>
    public bool Spaces { get; init; } = true;

    /// <summary>
    /// Remove every white-space character (default <see langword="false"/>). Implies <see cref="Spaces"/>.
    /// </summary>
    public bool IgnoreAllSpaces { get; init; }

    /// <summary>
    /// Ignore letter case (default <see langword="true"/>): invariant simple lower-casing, applied after
    /// <see cref="Width"/> so that Ａ, A and a are equal. Never culture-sensitive.
    /// </summary>
    public bool CaseInsensitive { get; init; } = true;

    /// <summary>
    /// Ignore punctuation at the end of the answer (default <see langword="false"/>): any trailing run of
    /// . , ! ? ; : 。 、 ． ， ！ ？ ； ： ｡ ､ … ‥ (and white space between them when <see cref="Spaces"/> is on)
    /// is removed. Punctuation inside the answer is kept.
    /// </summary>
    public bool Punctuation { get; init; }

    /// <summary>The recommended defaults: width, long vowel/dash, spaces and case on; kana and punctuation off.</summary>
    public static NormalizationOptions Default { get; } = new();

    /// <summary>No normalisation at all: exact, ordinal comparison.</summary>
    public static NormalizationOptions None { get; } = new()
    {
        Width = false,
        KanaInsensitive = false,
        LongVowelAndDashVariants = false,
        Spaces = false,
        IgnoreAllSpaces = false,
        CaseInsensitive = false,
        Punctuation = false,
    };
}
