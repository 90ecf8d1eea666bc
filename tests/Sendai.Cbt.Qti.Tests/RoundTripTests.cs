using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Tests;
using Xunit;

namespace Sendai.Cbt.Qti.Tests;

public class RoundTripTests
{
    internal static string SampleBank => Path.Combine(RepoPaths.Tests, "Sendai.Cbt.Qti.Tests", "Samples", "bank");

    internal static QtiImportResult RoundTrip(ItemBank bank, QtiVersion version, out QtiExportResult export)
    {
        using var ms = new MemoryStream();
        export = QtiExporter.ExportPackage(bank, ms, new QtiExportOptions { Version = version });
        ms.Position = 0;
        return QtiImporter.ImportZip(ms);
    }

    [Theory]
    [InlineData(QtiVersion.V3p0)]
    [InlineData(QtiVersion.V2p2)]
    public void Sample_bank_round_trips_through_a_package(QtiVersion version)
    {
        var bank = ItemBankLoader.Load(SampleBank);
        Assert.True(bank.IsValid, string.Join("\n", bank.Diagnostics));
        var result = RoundTrip(bank, version, out var export);
        Assert.DoesNotContain(export.Diagnostics, d => d.Severity == Severity.Error);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Assert.Equal(bank.Items.Length, result.Items.Length);
        foreach (var item in bank.Items)
        {
            var back = result.Items.Single(i => i.Id == item.Id);
            ModelAssert.Equal(item, back);
        }
        Assert.Equal(bank.Stimuli.Select(s => (s.Id, s.Title, s.Writing, s.Subject, s.Grade)), result.Stimuli.Select(s => (s.Id, s.Title, s.Writing, s.Subject, s.Grade)));
        Assert.Equal(ModelAssert.Render(bank.Stimuli[0].Content), ModelAssert.Render(result.Stimuli[0].Content));
        foreach (var form in bank.Forms)
        {
            var back = result.Forms.Single(f => f.Id == form.Id);
            Assert.Equal((form.Version, form.Title, form.Kind, form.Subject, form.Grade, form.TimeLimit, form.ShuffleSections),
                (back.Version, back.Title, back.Kind, back.Subject, back.Grade, back.TimeLimit, back.ShuffleSections));
            Assert.Equal(form.Sections.Select(s => (s.Id, s.Title, s.Instructions, s.ShuffleItems, string.Join(",", s.Items.Select(r => r.ItemId + "*" + r.Weight)))),
                back.Sections.Select(s => (s.Id, s.Title, s.Instructions, s.ShuffleItems, string.Join(",", s.Items.Select(r => r.ItemId + "*" + r.Weight)))));
        }
    }

    [Fact]
    public void Imported_files_validate_as_a_bank()
    {
        var bank = ItemBankLoader.Load(SampleBank);
        var result = RoundTrip(bank, QtiVersion.V3p0, out _);
        var dir = Path.Combine(Path.GetTempPath(), "cbt-qti-" + Guid.NewGuid().ToString("N"));
        try
        {
            result.WriteTo(dir);
            var again = ItemBankLoader.Load(dir);
            Assert.True(again.IsValid, string.Join("\n", again.Diagnostics));
            Assert.Empty(again.Diagnostics);
            Assert.Equal(bank.Items.Length, again.Items.Length);
            Assert.Equal(bank.Forms.Length, again.Forms.Length);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Markdown_writer_round_trips_every_sample_item()
    {
        var bank = ItemBankLoader.Load(SampleBank);
        var parser = new ItemParser();
        foreach (var item in bank.Items)
        {
            var md = MarkdownItemWriter.Write(item);
            var back = parser.ParseText("x.md", md);
            Assert.True(back.Success, item.Id + "\n" + md + "\n" + string.Join("\n", back.Diagnostics));
            Assert.Empty(back.Diagnostics);
            ModelAssert.Equal(item, back.Item!);
        }
        foreach (var form in bank.Forms)
        {
            var back = FormParser.ParseText("f.yaml", MarkdownItemWriter.Write(form));
            Assert.True(back.Success, string.Join("\n", back.Diagnostics));
            Assert.Equal(form.Sections.Length, back.Form!.Sections.Length);
        }
    }
}

public class ContentBankTests
{
    [Theory]
    [InlineData(QtiVersion.V3p0)]
    [InlineData(QtiVersion.V2p2)]
    public void Content_bank_round_trips(QtiVersion version)
    {
        if (!Directory.Exists(RepoPaths.Content)) return;
        var bank = ItemBankLoader.Load(RepoPaths.Content);
        Assert.True(bank.IsValid, string.Join("\n", bank.Diagnostics.Where(d => d.Severity == Severity.Error)));
        var result = RoundTripTests.RoundTrip(bank, version, out var export);
        Assert.DoesNotContain(export.Diagnostics, d => d.Severity == Severity.Error);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == Severity.Error)));
        Assert.Equal(bank.Items.Length, result.Items.Length);
        foreach (var item in bank.Items) ModelAssert.Equal(item, result.Items.Single(i => i.Id == item.Id));
        Assert.Equal(bank.Forms.Select(f => f.Id).Order(), result.Forms.Select(f => f.Id).Order());
        Assert.Equal(bank.Stimuli.Select(s => s.Id).Order(), result.Stimuli.Select(s => s.Id).Order());
    }
}
