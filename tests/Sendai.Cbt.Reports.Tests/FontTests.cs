using PdfSharp.Fonts;
using Sendai.Cbt.Reports.Layout.Fonts;
using Sendai.Cbt.Reports.Layout.Text;
using Xunit;

namespace Sendai.Cbt.Reports.Tests;

public class FontTests
{
    [Fact]
    public void BIZ_UD_Gothic_lacks_the_tsuchi_yoshi_and_Noto_Sans_JP_has_it()
    {
        const int tsuchiYoshi = 0x20BB7; // 𠮷
        foreach (var bold in new[] { false, true })
        {
            var main = EmbeddedFonts.Metrics(bold ? EmbeddedFonts.MainBold : EmbeddedFonts.MainRegular);
            var fallback = EmbeddedFonts.Metrics(bold ? EmbeddedFonts.FallbackBold : EmbeddedFonts.FallbackRegular);
            Assert.False(main.HasGlyph(tsuchiYoshi));
            Assert.True(fallback.HasGlyph(tsuchiYoshi));
            Assert.True(main.HasGlyph('吉') && main.HasGlyph('ぁ') && main.HasGlyph('A'));
            Assert.True(main.MappedCharacterCount > 10000);
            Assert.Equal(EmbeddedFonts.FallbackFamily, TextLayouter.FamilyFor(tsuchiYoshi, bold));
            Assert.Equal(EmbeddedFonts.MainFamily, TextLayouter.FamilyFor('田', bold));
        }
    }

    [Fact]
    public void BIZ_UD_Gothic_is_fixed_width_for_kanji_and_half_width_for_ASCII()
    {
        var main = EmbeddedFonts.Metrics(EmbeddedFonts.MainRegular);
        Assert.Equal(1.0, main.Advance('漢'), 3);
        Assert.Equal(0.5, main.Advance('a'), 3);
    }

    [Fact]
    public void Resolver_serves_our_families_and_delegates_the_rest()
    {
        var next = new FixedResolver();
        var resolver = new ReportFontResolver(next);
        Assert.Equal(EmbeddedFonts.MainBold, resolver.ResolveTypeface(EmbeddedFonts.MainFamily, true, false)!.FaceName);
        Assert.Equal(EmbeddedFonts.FallbackRegular, resolver.ResolveTypeface(EmbeddedFonts.FallbackFamily, false, false)!.FaceName);
        Assert.Equal("other", resolver.ResolveTypeface("Arial", false, false)!.FaceName);
        Assert.Null(new ReportFontResolver().ResolveTypeface("Arial", false, false));
        Assert.True(resolver.GetFont(EmbeddedFonts.MainRegular)!.Length > 1_000_000);
    }

    [Fact]
    public void Installing_the_resolver_is_idempotent_and_thread_safe()
    {
        Parallel.For(0, 16, _ => ReportFontResolver.EnsureInstalled());
        Assert.True(GlobalFontSettings.FontResolver is ReportFontResolver || GlobalFontSettings.FallbackFontResolver is ReportFontResolver);
        var pdfs = new byte[8][];
        Parallel.For(0, pdfs.Length, i => pdfs[i] = ReportDocument.Create().Page(p => p.Content(c => c.Text("並行して作成 𠮷"))).GeneratePdf());
        Assert.All(pdfs, p => Assert.True(p.Length > 1000));
    }

    private sealed class FixedResolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new("other");

        public byte[]? GetFont(string faceName) => null;
    }
}
