using Sendai.Cbt.Normalization;
using Xunit;

namespace Sendai.Cbt.Core.Tests.Normalization;

public class NumberParsingTests
{
    [Theory]
    [InlineData("23", "23", NormalizationRules.None)]
    [InlineData("２３", "23", NormalizationRules.Width)]
    [InlineData("2３", "23", NormalizationRules.Width)]
    [InlineData("0", "0", NormalizationRules.None)]
    [InlineData("007", "7", NormalizationRules.None)]
    [InlineData("1,234", "1234", NormalizationRules.DigitGrouping)]
    [InlineData("１，２３４", "1234", NormalizationRules.DigitGrouping | NormalizationRules.Width)]
    [InlineData("1,234,567", "1234567", NormalizationRules.DigitGrouping)]
    [InlineData("123,456.75", "123456.75", NormalizationRules.DigitGrouping)]
    [InlineData("3.5", "3.5", NormalizationRules.None)]
    [InlineData("３．５", "3.5", NormalizationRules.Width)]
    [InlineData("0.125", "0.125", NormalizationRules.None)]
    [InlineData("-5", "-5", NormalizationRules.None)]
    [InlineData("+5", "5", NormalizationRules.None)]
    [InlineData("＋５", "5", NormalizationRules.Width)]
    [InlineData("−5", "-5", NormalizationRules.Dash)]
    [InlineData("－５", "-5", NormalizationRules.Width)]
    [InlineData("ー5", "-5", NormalizationRules.Dash)]
    [InlineData(" 23　", "23", NormalizationRules.Space)]
    [InlineData("-0", "0", NormalizationRules.None)]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335", NormalizationRules.None)]
    public void Arabic_numbers(string input, string expected, NormalizationRules rules)
    {
        Assert.True(JapaneseNormalizer.TryParseNumber(input, out decimal value, out var applied), input);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(rules, applied);
    }

    [Theory]
    [InlineData("二十三", 23)]
    [InlineData("二三", 23)]
    [InlineData("一〇五", 105)]
    [InlineData("一〇〇", 100)]
    [InlineData("〇", 0)]
    [InlineData("零", 0)]
    [InlineData("二〇二四", 2024)]
    [InlineData("十", 10)]
    [InlineData("十一", 11)]
    [InlineData("一十", 10)]
    [InlineData("百五", 105)]
    [InlineData("百", 100)]
    [InlineData("三百", 300)]
    [InlineData("千二百三十四", 1234)]
    [InlineData("一千", 1000)]
    [InlineData("九千九百九十九", 9999)]
    [InlineData("一万", 10000)]
    [InlineData("一万二千", 12000)]
    [InlineData("三万五千", 35000)]
    [InlineData("十万", 100000)]
    [InlineData("百万", 1000000)]
    [InlineData("千万", 10000000)]
    [InlineData("一億二千三百四十五万六千七百八十九", 123456789)]
    [InlineData("二兆", 2000000000000)]
    [InlineData("3万5千", 35000)]
    [InlineData("３万５千", 35000)]
    [InlineData("1億2000万", 120000000)]
    [InlineData("1,200万", 12000000)]
    [InlineData("2千", 2000)]
    [InlineData("一二万", 120000)]
    [InlineData("二〇〇〇万", 20000000)]
    [InlineData("壱万弐千", 12000)]
    [InlineData("拾", 10)]
    [InlineData("マイナス", 0, false)]
    [InlineData("−二十三", -23)]
    public void Kanji_numbers(string input, long expected, bool ok = true)
    {
        Assert.Equal(ok, JapaneseNormalizer.TryParseNumber(input, out decimal value, out var applied));
        if (ok)
        {
            Assert.Equal(expected, value);
            Assert.True(applied.HasFlag(NormalizationRules.KanjiNumeral));
        }
    }

    [Fact]
    public void Decimal_before_large_unit()
    {
        Assert.True(JapaneseNormalizer.TryParseNumber("3.5万", out decimal v, out _));
        Assert.Equal(35000m, v);
    }

    [Fact]
    public void Applied_reports_width_grouping_and_kanji()
    {
        Assert.True(JapaneseNormalizer.TryParseNumber("１，２００万", out _, out var applied));
        Assert.Equal(NormalizationRules.Width | NormalizationRules.DigitGrouping | NormalizationRules.KanjiNumeral, applied);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("12,34")]
    [InlineData("1,2345")]
    [InlineData("1234,567")]
    [InlineData(",123")]
    [InlineData("1,,234")]
    [InlineData("1,234,")]
    [InlineData("0,123")]
    [InlineData("1.2.3")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1.234,5")]
    [InlineData("-")]
    [InlineData("--5")]
    [InlineData("5-")]
    [InlineData("+-5")]
    [InlineData("1 000")]
    [InlineData("二十三十")]
    [InlineData("十十")]
    [InlineData("百千")]
    [InlineData("二三百")]
    [InlineData("〇百")]
    [InlineData("12百")]
    [InlineData("万")]
    [InlineData("億万")]
    [InlineData("一万一万")]
    [InlineData("一万一億")]
    [InlineData("一万二三四五六")]
    [InlineData("十二三")]
    [InlineData("1万2.5")]
    [InlineData("3.5千")]
    [InlineData("2〇2四")]
    [InlineData("二十三個")]
    [InlineData("23歳")]
    [InlineData("1/2")]
    [InlineData("99999999999999999999999999999")] // beyond decimal
    [InlineData("一二三四五六七八九〇一二三四五六七八九〇一二三四五六七八九〇")]
    [InlineData("\uD800")]
    public void Garbage_is_rejected(string input)
    {
        Assert.False(JapaneseNormalizer.TryParseNumber(input, out decimal value, out var applied));
        Assert.Equal(0m, value);
        Assert.Equal(NormalizationRules.None, applied);
    }

    [Fact]
    public void Null_and_huge_inputs_are_rejected()
    {
        Assert.False(JapaneseNormalizer.TryParseNumber(null, out _, out _));
        Assert.False(JapaneseNormalizer.TryParseNumber(new string('1', 10_000), out _, out _));
    }

    [Fact]
    public void Equal_values_in_different_scripts()
    {
        string[] forms = ["1234", "１２３４", "1,234", "１，２３４", "千二百三十四", "一二三四", " 1234 "];
        foreach (string f in forms)
        {
            Assert.True(JapaneseNormalizer.TryParseNumber(f, out decimal v, out _), f);
            Assert.Equal(1234m, v);
        }
    }
}
