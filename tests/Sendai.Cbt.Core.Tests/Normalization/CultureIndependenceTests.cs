using System.Globalization;
using Sendai.Cbt.Normalization;
using Xunit;
using Xunit.Abstractions;

namespace Sendai.Cbt.Core.Tests.Normalization;

/// <summary>
/// The normaliser must not depend on the current culture. The repository builds with
/// InvariantGlobalization=true, where creating tr-TR or ja-JP usually throws CultureNotFoundException;
/// in that case the cases still run (under the invariant culture) and the output says so. To exercise the
/// real cultures, run the suite on a machine with ICU built with <c>-p:InvariantGlobalization=false</c>
/// (use a separate copy of the tree so the normal obj/ is not mixed).
/// </summary>
public class CultureIndependenceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cultures => new() { "tr-TR", "ja-JP", "de-DE", "ar-SA", "" };

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Key_cases_give_the_same_result_in_any_culture(string name)
    {
        CultureInfo culture;
        try
        {
            culture = new CultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            output.WriteLine($"Culture '{name}' is not available (invariant globalization); running under the invariant culture.");
            culture = CultureInfo.InvariantCulture;
        }

        var savedCulture = CultureInfo.CurrentCulture;
        var savedUiCulture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            output.WriteLine($"Running under '{CultureInfo.CurrentCulture.Name}' (invariant mode: {IsInvariantMode()}).");
            RunKeyCases();
        }
        finally
        {
            CultureInfo.CurrentCulture = savedCulture;
            CultureInfo.CurrentUICulture = savedUiCulture;
        }
    }

    private static void RunKeyCases()
    {
        var kana = NormalizationOptions.Default with { KanaInsensitive = true };
        Assert.Equal("istanbul title", JapaneseNormalizer.Normalize("ISTANBUL ＴＩＴＬＥ", NormalizationOptions.Default).Value); // no dotless ı under tr-TR
        Assert.Equal("とうきょう", JapaneseNormalizer.Normalize("トウキョウ", kana).Value);
        Assert.Equal("コンピューター", JapaneseNormalizer.Normalize("ｺﾝﾋﾟｭｰﾀｰ", NormalizationOptions.Default).Value);
        Assert.Equal("コンピューター", JapaneseNormalizer.Normalize("コンピュ―タ－", NormalizationOptions.Default).Value);
        Assert.Equal("東京", JapaneseNormalizer.Normalize("東京　", NormalizationOptions.Default).Value);
        Assert.Equal("𠮷野家", JapaneseNormalizer.Normalize("𠮷野家", kana).Value);

        Assert.True(JapaneseNormalizer.TryParseNumber("1,234.5", out decimal v, out _)); // ',' is the decimal separator in de-DE
        Assert.Equal(1234.5m, v);
        Assert.True(JapaneseNormalizer.TryParseNumber("３．５", out v, out _));
        Assert.Equal(3.5m, v);
        Assert.True(JapaneseNormalizer.TryParseNumber("千二百三十四", out v, out _));
        Assert.Equal(1234m, v);
        Assert.False(JapaneseNormalizer.TryParseNumber("12,34", out _, out _));

        Assert.True(JapaneseNormalizer.IsKanaOnly("とうきょう"));
        Assert.False(JapaneseNormalizer.IsKanaOnly("東京"));
        Assert.True(JapaneseNormalizer.ContainsKanji("𠮷"));
    }

    private static bool IsInvariantMode() =>
        AppContext.TryGetSwitch("System.Globalization.Invariant", out bool invariant) && invariant;
}
