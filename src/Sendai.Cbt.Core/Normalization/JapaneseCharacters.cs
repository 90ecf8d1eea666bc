namespace Sendai.Cbt.Normalization;

/// <summary>Character tables and predicates shared by the normaliser and the number parser. BCL only, no ICU.</summary>
internal static class JapaneseCharacters
{
    /// <summary>Full-width forms of U+FF61–U+FF9F (half-width katakana block), indexed by <c>c - 0xFF61</c>.</summary>
    private const string HalfwidthKatakanaToFull =
        "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";

    public const char LongVowelMark = '\u30FC';

    /// <summary>Width folding of one BMP code unit, without voiced-mark composition. Returns the input when unchanged.</summary>
    public static char FoldWidth(char c)
    {
        if (c is >= '\uFF01' and <= '\uFF5E')
        {
            return (char)(c - 0xFEE0);
        }

        if (c is >= '\uFF61' and <= '\uFF9F')
        {
            return HalfwidthKatakanaToFull[c - 0xFF61];
        }

        return c switch
        {
            '\u3000' or '\u00A0' or '\u202F' or '\u205F' or (>= '\u2000' and <= '\u200A') => ' ',
            '\uFF5F' => '\u2985',
            '\uFF60' => '\u2986',
            '\uFFE0' => '\u00A2',
            '\uFFE1' => '\u00A3',
            '\uFFE2' => '\u00AC',
            '\uFFE4' => '\u00A6',
            '\uFFE5' => '\u00A5',
            '\uFFE6' => '\u20A9',
            '\u3099' => '\u309B', // uncomposed combining voiced marks become the spacing marks
            '\u309A' => '\u309C',
            _ => c,
        };
    }

    /// <summary>True for marks that compose with a preceding kana under width folding.</summary>
    public static bool IsComposableMark(char c) => c is '\uFF9E' or '\uFF9F' or '\u3099' or '\u309A';

    /// <summary>
    /// Composes a full-width kana with a voiced (dakuten) or semi-voiced (handakuten) mark,
    /// as canonical composition would: か+゙→が, は+゚→ぱ, ウ+゙→ヴ, ワ+゙→ヷ, ゝ+゙→ゞ.
    /// </summary>
    public static bool TryCompose(char kana, char mark, out char composed)
    {
        bool semi = mark is '\uFF9F' or '\u309A';
        int k = kana;
        int offset = 0;
        if (k is >= 0x30A1 and <= 0x30FE)
        {
            // Katakana: the specials first, then reuse the hiragana layout.
            switch (k)
            {
                case 0x30EF or 0x30F0 or 0x30F1 or 0x30F2 when !semi: composed = (char)(k + 8); return true; // ワヰヱヲ→ヷヸヹヺ
                case 0x30FD when !semi: composed = '\u30FE'; return true;
                case 0x30A6 when !semi: composed = '\u30F4'; return true;
                default: break;
            }

            offset = 0x60;
            k -= 0x60;
        }

        char result = '\0';
        if (k is >= 0x304B and <= 0x3062 && (k & 1) == 1 && !semi)
        {
            result = (char)(k + 1); // か..ち (odd code points are the unvoiced ones)
        }
        else if (k is 0x3064 or 0x3066 or 0x3068 && !semi)
        {
            result = (char)(k + 1); // つ て と
        }
        else if (k is 0x306F or 0x3072 or 0x3075 or 0x3078 or 0x307B)
        {
            result = (char)(k + (semi ? 2 : 1)); // は ひ ふ へ ほ
        }
        else if (k == 0x3046 && !semi && offset == 0)
        {
            result = '\u3094'; // う→ゔ
        }
        else if (k == 0x309D && !semi && offset == 0)
        {
            result = '\u309E'; // ゝ→ゞ
        }

        if (result == '\0')
        {
            composed = kana;
            return false;
        }

        composed = (char)(result + offset);
        return true;
    }

    /// <summary>Katakana to hiragana folding; returns the input when unchanged.</summary>
    public static char FoldKana(char c) => c switch
    {
        '\u30F5' or '\u30F6' or '\u3095' or '\u3096' => '\u304B', // ヵ ヶ ゕ ゖ → か (一ヶ月 = 一か月)
        >= '\u30A1' and <= '\u30F4' => (char)(c - 0x60),
        '\u30FD' or '\u30FE' => (char)(c - 0x60), // ヽヾ → ゝゞ
        _ => c,
    };

    /// <summary>Dash variants: - ‐ ‑ ‒ – — ― ⁃ − ─ ー ｰ －.</summary>
    public static bool IsDash(int c) => c is '-' or (>= 0x2010 and <= 0x2015) or 0x2043 or 0x2212 or 0x2500 or 0x30FC or 0xFF70 or 0xFF0D;

    /// <summary>Tilde variants: ~ ∼ 〜 〰 ～.</summary>
    public static bool IsTilde(int c) => c is '~' or 0x223C or 0x301C or 0x3030 or 0xFF5E;

    /// <summary>
    /// Kana context for the long-vowel rule: hiragana, katakana (incl. ー, ゝゞヽヾ, voiced marks,
    /// small katakana extensions) and half-width katakana.
    /// </summary>
    public static bool IsKanaContext(int c) =>
        c is (>= 0x3041 and <= 0x3096) or (>= 0x3099 and <= 0x309F) or (>= 0x30A1 and <= 0x30FA)
            or (>= 0x30FC and <= 0x30FF) or (>= 0x31F0 and <= 0x31FF) or (>= 0xFF66 and <= 0xFF9F);

    /// <summary>Kana letters (not marks): what makes an answer "written in kana".</summary>
    public static bool IsKanaLetter(int c) =>
        c is (>= 0x3041 and <= 0x3096) or (>= 0x309D and <= 0x309F) or (>= 0x30A1 and <= 0x30FA)
            or (>= 0x30FD and <= 0x30FF) or (>= 0x31F0 and <= 0x31FF) or (>= 0xFF66 and <= 0xFF6F) or (>= 0xFF71 and <= 0xFF9D);

    /// <summary>Kana marks that may accompany kana: ー ｰ ・ ･ and the voiced marks.</summary>
    public static bool IsKanaMark(int c) => c is 0x30FC or 0xFF70 or 0x30FB or 0xFF65 or (>= 0x3099 and <= 0x309C) or 0xFF9E or 0xFF9F;

    /// <summary>
    /// Kanji: CJK unified ideographs (U+4E00–U+9FFF, extension A U+3400–U+4DBF, extensions B–H in planes 2 and 3),
    /// compatibility ideographs (U+F900–U+FAFF) and the kanji marks 々 〆 〻.
    /// </summary>
    public static bool IsKanji(int c) =>
        c is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0x20000 and <= 0x323AF) or 0x3005 or 0x3006 or 0x303B;

    /// <summary>
    /// Same result as <see cref="char.IsWhiteSpace(char)"/> (the Unicode White_Space characters), without the
    /// category table lookup for characters above U+00FF.
    /// </summary>
    public static bool IsWhiteSpace(char c) =>
        c <= '\u00FF' ? char.IsWhiteSpace(c) : c is '\u1680' or (>= '\u2000' and <= '\u200A') or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000';

    /// <summary>Punctuation removed from the end of an answer by the punctuation rule.</summary>
    public static bool IsTrailingPunctuation(char c) =>
        c is '.' or ',' or '!' or '?' or ';' or ':' or '。' or '、' or '．' or '，' or '！' or '？' or '；' or '：'
            or '｡' or '､' or '…' or '‥';
}
