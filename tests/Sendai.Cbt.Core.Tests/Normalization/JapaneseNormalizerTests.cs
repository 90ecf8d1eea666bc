using Sendai.Cbt.Normalization;
using Xunit;

namespace Sendai.Cbt.Core.Tests.Normalization;

public class JapaneseNormalizerTests
{
    private static readonly NormalizationOptions Kana = NormalizationOptions.Default with { KanaInsensitive = true };
    private static readonly NormalizationOptions WidthOnly = NormalizationOptions.None with { Width = true };

    private static string N(string s, NormalizationOptions? o = null) => JapaneseNormalizer.Normalize(s, o ?? NormalizationOptions.Default).Value;

    private static void AssertEquivalent(string a, string b, NormalizationOptions o) => Assert.Equal(N(a, o), N(b, o));

    [Theory]
    [InlineData("とうきょう", "トウキョウ")]
    [InlineData("ｺﾝﾋﾟｭｰﾀｰ", "コンピューター")]
    [InlineData("こんぴゅーたー", "コンピューター")]
    [InlineData("ヴァイオリン", "ゔぁいおりん")]
    [InlineData("ｳﾞｧｲｵﾘﾝ", "ヴァイオリン")]
    [InlineData("一ヶ月", "一か月")]
    [InlineData("一ヵ月", "一カ月")]
    [InlineData("いすゞ", "イスヾ")]
    public void Kana_insensitive_matches(string a, string b) => AssertEquivalent(a, b, Kana);

    [Fact]
    public void Kana_is_distinct_by_default()
    {
        Assert.NotEqual(N("とうきょう"), N("トウキョウ"));
        Assert.Equal("とうきょう", N("トウキョウ", Kana));
        Assert.Equal(NormalizationRules.Kana, JapaneseNormalizer.Normalize("トウキョウ", Kana).Applied);
    }

    [Theory]
    [InlineData("ｶﾞｷﾞｸﾞｹﾞｺﾞ", "ガギグゲゴ")]
    [InlineData("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "パピプペポ")]
    [InlineData("ｳﾞ", "ヴ")]
    [InlineData("ﾜﾞｦﾞ", "ヷヺ")]
    [InlineData("ｱﾞ", "ア゛")]     // not composable: spacing mark
    [InlineData("ﾞﾟ", "゛゜")]     // standalone
    [InlineData("ｶﾟ", "カ゜")]
    [InlineData("か\u3099", "が")] // combining (NFD input)
    [InlineData("ハ\u309A", "パ")]
    [InlineData("ア\u3099", "ア゛")]
    [InlineData("カﾞ", "ガ")]      // full-width base, half-width mark
    [InlineData("｢ﾃｽﾄ｣､ｵﾜﾘ｡･", "「テスト」、オワリ。・")]
    [InlineData("ｯｬｭｮｧｨｩｪｫ", "ッャュョァィゥェォ")]
    public void Half_width_katakana_becomes_full_width(string input, string expected) => Assert.Equal(expected, N(input, WidthOnly));

    [Fact]
    public void Full_width_ascii_becomes_ascii()
    {
        Assert.Equal("abc", N("ＡＢＣ"));
        Assert.Equal(N("abc"), N("ＡＢＣ"));
        Assert.Equal("ABC", N("ＡＢＣ", WidthOnly));
        Assert.Equal("!\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~", N("！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＺ［＼］＾＿｀ａｚ｛｜｝～", WidthOnly));
        Assert.Equal("23", N("２３"));
        Assert.Equal("¢£¬¦¥₩⦅⦆", N("￠￡￢￤￥￦｟｠", WidthOnly));
    }

    [Fact]
    public void Full_width_space_is_trimmed()
    {
        var r = JapaneseNormalizer.Normalize("東京　", NormalizationOptions.Default);
        Assert.Equal("東京", r.Value);
        Assert.True(r.Applied.HasFlag(NormalizationRules.Space) || r.Applied.HasFlag(NormalizationRules.Width));
        Assert.Equal("東京", N("　東京　", NormalizationOptions.Default with { Width = false }));
    }

    [Theory]
    [InlineData("  東京   都  ", "東京 都")]
    [InlineData("東京\u3000\u3000都", "東京 都")]
    [InlineData("a\t\r\nb", "a b")]
    [InlineData("\u3000", "")]
    [InlineData("   ", "")]
    public void Spaces_are_trimmed_and_collapsed(string input, string expected) => Assert.Equal(expected, N(input));

    [Fact]
    public void Ignore_all_spaces_removes_every_space()
    {
        var o = NormalizationOptions.Default with { IgnoreAllSpaces = true };
        Assert.Equal("東京都", N(" 東京　 都 ", o));
        Assert.Equal("東京都", N("東京 都", o with { Spaces = false }));
        Assert.Equal("ラーメン", N("ラ ー メン", o)); // the space no longer separates ー from its kana
    }

    [Fact]
    public void Spaces_off_keeps_spaces_but_width_still_folds_ideographic_space()
    {
        var o = NormalizationOptions.Default with { Spaces = false };
        Assert.Equal(" 東京  都 ", N(" 東京　 都 ", o));
        Assert.Equal("東京\u3000", N("東京\u3000", o with { Width = false }));
    }

    [Theory]
    [InlineData("コンピュ―タ－", "コンピューター")]     // U+2015, U+FF0D
    [InlineData("コンピュ-タ-", "コンピューター")]       // ASCII hyphen typed with IME off
    [InlineData("コンピュ‐タ‑", "コンピューター")]      // U+2010, U+2011
    [InlineData("コンピュ─タ−", "コンピューター")]       // U+2500, U+2212
    [InlineData("コンピュ—タ–", "コンピューター")]      // U+2014, U+2013
    [InlineData("ｺﾝﾋﾟｭｰﾀｰ", "コンピューター")]
    [InlineData("すご〜い", "すごーい")]
    [InlineData("すご～い", "すごーい")]
    [InlineData("すご~い", "すごーい")]
    [InlineData("あーーー", "あーーー")]
    [InlineData("あ―――", "あーーー")]
    public void Long_vowel_variants_after_kana_become_choonpu(string input, string expected) => Assert.Equal(expected, N(input));

    [Theory]
    [InlineData("03ー1234ー5678", "03-1234-5678")]
    [InlineData("０３－１２３４－５６７８", "03-1234-5678")]
    [InlineData("A―B", "a-b")]
    [InlineData("ー5", "-5")]
    [InlineData("東京ー大阪", "東京-大阪")]
    [InlineData("10〜20", "10~20")]
    [InlineData("10～20", "10~20")]
    [InlineData("10∼20", "10~20")]
    [InlineData("あ 〜 い", "あ ~ い")]
    public void Dashes_and_tildes_elsewhere_become_ascii(string input, string expected) => Assert.Equal(expected, N(input));

    [Fact]
    public void Long_vowel_rules_are_reported()
    {
        Assert.Equal(NormalizationRules.LongVowel, JapaneseNormalizer.Normalize("コンピュ-タ-", NormalizationOptions.Default).Applied);
        Assert.Equal(NormalizationRules.Dash, JapaneseNormalizer.Normalize("東京−大阪", NormalizationOptions.Default).Applied);
        Assert.Equal(NormalizationRules.Tilde, JapaneseNormalizer.Normalize("10〜20", NormalizationOptions.Default).Applied);
        Assert.Equal(NormalizationRules.Width, JapaneseNormalizer.Normalize("１０～２０", NormalizationOptions.Default).Applied);
    }

    [Fact]
    public void Case_is_folded_after_width()
    {
        Assert.Equal("hello world", N("ＨＥＬＬＯ　Ｗｏｒｌｄ"));
        Assert.Equal("ＨＥＬＬＯ", N("ＨＥＬＬＯ", NormalizationOptions.None));
        Assert.Equal("ｈｅｌｌｏ", N("ＨＥＬＬＯ", NormalizationOptions.None with { CaseInsensitive = true }));
        Assert.Equal("café", N("CAFÉ"));
        Assert.Equal("HeLLo", N("HeLLo", NormalizationOptions.Default with { CaseInsensitive = false }));
    }

    [Theory]
    [InlineData("東京。", "東京")]
    [InlineData("東京．", "東京")]
    [InlineData("yes!", "yes")]
    [InlineData("本当？！", "本当")]
    [InlineData("東京 。 ", "東京")]
    [InlineData("はい、そうです。", "はい、そうです")]
    [InlineData("3.5", "3.5")]
    [InlineData("。", "")]
    public void Trailing_punctuation_is_ignored_when_asked(string input, string expected) =>
        Assert.Equal(expected, N(input, NormalizationOptions.Default with { Punctuation = true }));

    [Fact]
    public void Punctuation_is_kept_by_default() => Assert.Equal("東京。", N("東京。"));

    [Theory]
    [InlineData("𠮷野家", "𠮷野家")]
    [InlineData(" 𠮷野家　", "𠮷野家")]
    [InlineData("ｶﾞ𠮷", "が𠮷")]
    [InlineData("𠮷ｰ", "𠮷-")]     // a kanji is not kana: the dash rule applies
    [InlineData("😀ー😀", "😀-😀")]
    public void Surrogate_pairs_pass_through(string input, string expected) => Assert.Equal(expected, N(input, Kana));

    [Fact]
    public void Surrogate_pair_is_never_split_and_lone_surrogates_survive()
    {
        Assert.Equal("𠮷野家", N("𠮷野家"));
        Assert.Equal("a\uD800b", N("A\uD800B"));
        Assert.Equal("\uDC00", N("\uDC00"));
        Assert.Equal("x\uD800", N("x\uD800 "));
        Assert.Equal("\uDC00\uD800", N("\uDC00\uD800")); // reversed: two lone surrogates
        Assert.Equal("𐐨", N("𐐀")); // Deseret: case folding beyond the BMP
    }

    [Fact]
    public void Lone_surrogates_joined_by_space_removal_are_treated_as_the_pair_they_become()
    {
        // U+D801 U+DC00 is DESERET CAPITAL LONG I; removing the space between two lone halves creates it.
        var o = NormalizationOptions.Default with { IgnoreAllSpaces = true };
        string once = N("\uD801 \uDC00", o);
        Assert.Equal("\uD801\uDC28", once);
        Assert.Equal(once, N(once, o));
    }

    [Fact]
    public void Unchanged_input_returns_the_same_instance()
    {
        string s = "東京都 新宿区";
        var r = JapaneseNormalizer.Normalize(s, NormalizationOptions.Default);
        Assert.Same(s, r.Value);
        Assert.Equal(NormalizationRules.None, r.Applied);

        string t = "ＡＢＣ";
        Assert.Same(t, JapaneseNormalizer.Normalize(t, NormalizationOptions.None).Value);
        string longText = new('あ', 10_000);
        Assert.Same(longText, JapaneseNormalizer.Normalize(longText, Kana).Value);
    }

    [Fact]
    public void Long_inputs_use_the_pooled_buffer()
    {
        string input = string.Concat(Enumerable.Repeat("ｺﾝﾋﾟｭｰﾀｰ　", 1000));
        string expected = string.Join(' ', Enumerable.Repeat("コンピューター", 1000));
        Assert.Equal(expected, N(input));
    }

    [Fact]
    public void Applied_reports_exactly_the_rules_that_changed_something()
    {
        Assert.Equal(NormalizationRules.Width | NormalizationRules.Case, JapaneseNormalizer.Normalize("ＡＢＣ", NormalizationOptions.Default).Applied);
        Assert.Equal(NormalizationRules.Width, JapaneseNormalizer.Normalize("ｺﾝﾋﾟｭｰﾀｰ", NormalizationOptions.Default).Applied);
        Assert.Equal(NormalizationRules.Width | NormalizationRules.Kana, JapaneseNormalizer.Normalize("ｺﾝﾋﾟｭｰﾀｰ", Kana).Applied);
        Assert.Equal(NormalizationRules.Space, JapaneseNormalizer.Normalize(" abc ", NormalizationOptions.Default).Applied);
        Assert.Equal(NormalizationRules.None, JapaneseNormalizer.Normalize("abc", NormalizationOptions.Default).Applied);
    }

    [Fact]
    public void None_options_compare_exactly()
    {
        foreach (string s in new[] { "ＡＢＣ", " ｶﾞ ", "コンピュ―タ－", "Abc。", "東京　" })
        {
            var r = JapaneseNormalizer.Normalize(s, NormalizationOptions.None);
            Assert.Same(s, r.Value);
            Assert.Equal(NormalizationRules.None, r.Applied);
        }
    }

    [Fact]
    public void Options_defaults_are_as_documented()
    {
        var d = NormalizationOptions.Default;
        Assert.True(d.Width && d.LongVowelAndDashVariants && d.Spaces && d.CaseInsensitive);
        Assert.False(d.KanaInsensitive || d.IgnoreAllSpaces || d.Punctuation);
        Assert.Equal(new NormalizationOptions(), d);
        var n = NormalizationOptions.None;
        Assert.False(n.Width || n.KanaInsensitive || n.LongVowelAndDashVariants || n.Spaces || n.IgnoreAllSpaces || n.CaseInsensitive || n.Punctuation);
    }

    [Fact]
    public void Null_is_rejected_with_argument_exception()
    {
        Assert.Throws<ArgumentNullException>(() => JapaneseNormalizer.Normalize(null!, NormalizationOptions.Default));
        Assert.Throws<ArgumentNullException>(() => JapaneseNormalizer.Normalize("x", null!));
        Assert.Equal(string.Empty, N(string.Empty));
    }

    /// <summary>Oracle: NFC composition of every kana with U+3099/U+309A, generated with Python's unicodedata.</summary>
    private const string ComposeOracle =
        "うvゔ かvが きvぎ くvぐ けvげ こvご さvざ しvじ すvず せvぜ そvぞ たvだ ちvぢ つvづ てvで とvど はvば はsぱ ひvび ひsぴ ふvぶ ふsぷ へvべ へsぺ ほvぼ ほsぽ ゝvゞ " +
        "ウvヴ カvガ キvギ クvグ ケvゲ コvゴ サvザ シvジ スvズ セvゼ ソvゾ タvダ チvヂ ツvヅ テvデ トvド ハvバ ハsパ ヒvビ ヒsピ フvブ フsプ ヘvベ ヘsペ ホvボ ホsポ ワvヷ ヰvヸ ヱvヹ ヲvヺ ヽvヾ";

    [Fact]
    public void Voiced_mark_composition_matches_unicode_canonical_composition()
    {
        var oracle = ComposeOracle.Split(' ').ToDictionary(t => (t[0], t[1]), t => t[2]);
        int composed = 0;
        for (char b = '\u3041'; b <= '\u30FF'; b++)
        {
            if (b is >= '\u3099' and <= '\u309A')
            {
                continue;
            }

            foreach (var (mark, kind, spacing) in new[] { ('\u3099', 'v', '゛'), ('\u309A', 's', '゜'), ('\uFF9E', 'v', '゛'), ('\uFF9F', 's', '゜') })
            {
                string actual = N($"{b}{mark}", WidthOnly);
                string expected = oracle.TryGetValue((b, kind), out char c) ? c.ToString() : $"{JapaneseCharacters.FoldWidth(b)}{spacing}";
                Assert.True(expected == actual, $"U+{(int)b:X4} + U+{(int)mark:X4}: expected {expected}, got {actual}");
                composed += expected.Length == 1 ? 1 : 0;
            }
        }

        Assert.Equal(2 * oracle.Count, composed);
    }

    [Fact]
    public void Half_width_table_matches_nfkc()
    {
        // NFKC of U+FF61..U+FF9D, generated with Python's unicodedata.
        const string nfkc = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
        for (char c = '\uFF61'; c <= '\uFF9D'; c++)
        {
            Assert.Equal(nfkc[c - 0xFF61], JapaneseCharacters.FoldWidth(c));
        }
    }

    [Fact]
    public void Describe_gives_japanese_explanations()
    {
        Assert.Equal("全角・半角の違いを無視", JapaneseNormalizer.Describe(NormalizationRules.Width));
        Assert.Equal("ひらがな・カタカナの違いを無視", JapaneseNormalizer.Describe(NormalizationRules.Kana));
        Assert.Equal("漢数字を数値として解釈", JapaneseNormalizer.Describe(NormalizationRules.KanjiNumeral));
        Assert.Equal("桁区切りを無視", JapaneseNormalizer.Describe(NormalizationRules.DigitGrouping));
        Assert.Equal("全角・半角の違いを無視、大文字・小文字の違いを無視", JapaneseNormalizer.Describe(NormalizationRules.Width | NormalizationRules.Case));
        Assert.Equal(string.Empty, JapaneseNormalizer.Describe(NormalizationRules.None));
        foreach (NormalizationRules rule in Enum.GetValues<NormalizationRules>())
        {
            if (rule != NormalizationRules.None)
            {
                Assert.False(string.IsNullOrEmpty(JapaneseNormalizer.Describe(rule)), rule.ToString());
            }
        }

        Assert.Equal(string.Empty, JapaneseNormalizer.Describe((NormalizationRules)(1 << 20)));
    }
}

public class JapaneseCharactersTests
{
    [Fact]
    public void Fast_white_space_check_agrees_with_the_bcl()
    {
        for (int c = 0; c <= 0xFFFF; c++)
        {
            Assert.True(char.IsWhiteSpace((char)c) == JapaneseCharacters.IsWhiteSpace((char)c), $"U+{c:X4}");
        }
    }

    [Fact]
    public void Kanji_fast_path_range_has_no_case_width_kana_dash_or_space()
    {
        for (char c = '\u3400'; c <= '\u9FFF'; c++)
        {
            Assert.Equal(c, JapaneseCharacters.FoldWidth(c));
            Assert.Equal(c, JapaneseCharacters.FoldKana(c));
            Assert.Equal(c, char.ToLowerInvariant(c));
            Assert.False(JapaneseCharacters.IsDash(c) || JapaneseCharacters.IsTilde(c) || char.IsWhiteSpace(c) || JapaneseCharacters.IsKanaContext(c));
            Assert.False(JapaneseCharacters.TryCompose(c, '\u3099', out _));
        }
    }
}
