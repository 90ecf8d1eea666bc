using System.Globalization;
using Xunit;

namespace Sendai.Cbt.Core.Tests.Normalization;

/// <summary>scripts/test.sh runs the normaliser tests twice: invariant globalization (the build
/// setting) and ICU (CBT_EXPECT_ICU=1). This checks that each run really is in the mode it claims.</summary>
public class GlobalizationModeTests
{
    [Fact]
    public void Runs_in_the_globalization_mode_the_test_script_asked_for()
    {
        bool expectIcu = Environment.GetEnvironmentVariable("CBT_EXPECT_ICU") == "1";
        bool icu;
        try
        {
            icu = new CultureInfo("tr-TR").TextInfo.ToUpper('i') == 'İ';
        }
        catch (CultureNotFoundException)
        {
            icu = false;
        }
        Assert.Equal(expectIcu, icu);
        if (icu)
        {
            var saved = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = new CultureInfo("tr-TR");
                Assert.Equal("istanbul", Sendai.Cbt.Normalization.JapaneseNormalizer.Normalize("ISTANBUL", Sendai.Cbt.Normalization.NormalizationOptions.Default).Value);
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
        }
    }
}
