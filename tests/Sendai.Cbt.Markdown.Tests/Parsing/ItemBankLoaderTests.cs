using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Markdown.Parsing;
using Xunit;

namespace Sendai.Cbt.Markdown.Tests.Parsing;

public sealed class ItemBankLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cbt-bank-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string Choice(string id, string extra = "") =>
        $"---\nid: {id}\ntype: choice\nsubject: 算数\ngrade: 3\n{extra}---\n$2+3$ はいくつ？\n\n- [x] 5\n- [ ] 6\n";

    [Fact]
    public void Duplicate_ids_across_files_are_reported_at_the_second_file()
    {
        Write("items/a/one.md", Choice("same-id"));
        Write("items/b/two.md", Choice("same-id"));
        var bank = ItemBankLoader.Load(_dir);
        var d = Assert.Single(bank.Diagnostics);
        Assert.Equal(DiagnosticCodes.DuplicateId, d.Code);
        Assert.EndsWith(Path.Combine("b", "two.md"), d.File);
        Assert.Single(bank.Items);
        Assert.False(bank.IsValid);
    }

    [Fact]
    public void Form_references_are_checked_and_positions_point_at_the_reference()
    {
        Write("items/q1.md", Choice("q1"));
        Write("forms/f.yaml", "id: f\nversion: 1\ntitle: テスト\nsections:\n  - id: s1\n    items:\n      - q1\n      - nope\n      - id: q1\n        weight: 2\n");
        var bank = ItemBankLoader.Load(_dir);
        var codes = bank.Diagnostics.Select(d => (d.Code, d.Line, d.Column)).ToArray();
        Assert.Contains((DiagnosticCodes.MissingItemReference, 8, 9), codes);
        Assert.Contains((DiagnosticCodes.DuplicateItemReference, 9, 13), codes);
        Assert.Empty(bank.Forms);
    }

    [Fact]
    public void Missing_stimulus_reference_is_an_error()
    {
        Write("items/q1.md", Choice("q1", "stimulus: passage-x\n"));
        var bank = ItemBankLoader.Load(_dir);
        var d = Assert.Single(bank.Diagnostics);
        Assert.Equal(DiagnosticCodes.MissingStimulusReference, d.Code);
    }

    [Fact]
    public void A_valid_bank_loads_items_stimuli_and_forms()
    {
        Write("items/p.md", "---\nid: passage\ntype: stimulus\ntitle: 本文\n---\n春が来た。\n");
        Write("items/q1.md", Choice("q1", "stimulus: passage\n"));
        Write("forms/f.yml", "id: f\nversion: 2026.1\ntitle: テスト\ntime_limit: 20\nsections:\n  - items: [q1]\n");
        var bank = ItemBankLoader.Load(_dir);
        Assert.True(bank.IsValid, string.Join("\n", bank.Diagnostics));
        Assert.Equal("2026.1", bank.FindForm("f")!.Version);
        Assert.Equal(TimeSpan.FromMinutes(20), bank.FindForm("f")!.TimeLimit);
        Assert.NotNull(bank.FindStimulus("passage"));
        Assert.NotNull(bank.FindItem("q1"));
    }

    [Fact]
    public void A_broken_item_does_not_hide_the_others_and_form_refs_to_it_are_not_reported_twice()
    {
        Write("items/good.md", Choice("good"));
        Write("items/bad.md", Choice("bad").Replace("- [x]", "- [ ]"));
        Write("forms/f.yaml", "id: f\nversion: 1\ntitle: t\nsections:\n  - items: [good, bad]\n");
        var bank = ItemBankLoader.Load(_dir);
        Assert.Equal([DiagnosticCodes.NoCorrectChoice], bank.Diagnostics.Select(d => d.Code).ToArray());
        Assert.NotNull(bank.FindItem("good"));
    }
}
