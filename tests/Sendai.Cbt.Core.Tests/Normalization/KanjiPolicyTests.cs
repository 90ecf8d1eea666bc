using Sendai.Cbt.Normalization;
using Xunit;

namespace Sendai.Cbt.Core.Tests.Normalization;

public class KanjiPolicyTests
{
    [Theory]
    [InlineData("とうきょう", true)]
    [InlineData("トウキョウ", true)]
    [InlineData("ﾄｳｷｮｳ", true)]
    [InlineData("コンピューター", true)]
    [InlineData("とうきょう。", true)]
    [InlineData(" とうきょう　", true)]
    [InlineData("ジョン・スミス", true)]
    [InlineData("いすゞ", true)]
    [InlineData("東京", false)]
    [InlineData("東きょう", false)]
    [InlineData("とうきょう2", false)]
    [InlineData("tokyo", false)]
    [InlineData("ー", false)]
    [InlineData("。", false)]
    [InlineData("", false)]
    [InlineData("𠮷", false)]
    [InlineData("あ\uD800", false)]
    public void Is_kana_only(string s, bool expected) => Assert.Equal(expected, JapaneseNormalizer.IsKanaOnly(s));

    [Theory]
    [InlineData("東京", true)]
    [InlineData("東きょう", true)]
    [InlineData("𠮷野家", true)]
    [InlineData("𠮷", true)]
    [InlineData("人々", true)]
    [InlineData("々", true)]
    [InlineData("〆切", true)]
    [InlineData("﨑", true)]      // U+FA11 compatibility ideograph
    [InlineData("㐂", true)]      // U+3402 extension A
    [InlineData("とうきょう", false)]
    [InlineData("トウキョウ", false)]
    [InlineData("〇", false)]
    [InlineData("abc123", false)]
    [InlineData("", false)]
    [InlineData("\uD842", false)] // lone high surrogate of 𠮷
    [InlineData("😀", false)]
    public void Contains_kanji(string s, bool expected) => Assert.Equal(expected, JapaneseNormalizer.ContainsKanji(s));

    [Fact]
    public void Null_is_neither() => Assert.False(JapaneseNormalizer.IsKanaOnly(null) || JapaneseNormalizer.ContainsKanji(null));
}
