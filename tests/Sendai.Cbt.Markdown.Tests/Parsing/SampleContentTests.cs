using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Tests;
using Xunit;

namespace Sendai.Cbt.Markdown.Tests.Parsing;

/// <summary>The bundled bank in content/ is always valid and covers what the issue asks for.</summary>
public class SampleContentTests
{
    private static readonly Lazy<ItemBank> Bank = new(() => ItemBankLoader.Load(RepoPaths.Content));

    [Fact]
    public void The_sample_bank_has_no_diagnostics_at_all()
    {
        Assert.Empty(Bank.Value.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void The_sample_bank_covers_every_type_subject_grade_and_viewpoint()
    {
        var items = Bank.Value.Items;
        Assert.True(items.Length >= 40, $"{items.Length} items");
        Assert.Equal(Enum.GetValues<ItemType>().OrderBy(t => t), items.Select(i => i.Type).Distinct().OrderBy(t => t));
        foreach (var subject in new[] { "算数", "数学", "国語", "理科", "社会", "英語", "情報モラル", "プログラミング" })
        {
            Assert.Contains(items, i => i.Metadata.Subject == subject);
        }
        for (int g = 3; g <= 9; g++) Assert.Contains(items, i => i.Metadata.Grade == g);
        foreach (var v in Enum.GetValues<Viewpoint>()) Assert.Contains(items, i => i.Metadata.Viewpoint == v);
        Assert.Contains(items, i => i.Writing == WritingMode.Vertical && i.Metadata.Subject == "国語");
        Assert.True(Bank.Value.Forms.Length >= 2);
        Assert.Contains(Bank.Value.Forms, f => f.Kind == Forms.FormKind.Survey);
    }

    [Fact]
    public void Fizzbuzz_is_a_program_item_with_at_least_ten_tests_some_hidden()
    {
        var fizz = Assert.IsType<ProgramItem>(Bank.Value.FindItem(
            new ItemParser().Parse("fizzbuzz.md", File.ReadAllBytes(Path.Combine(RepoPaths.Content, "items", "programming", "fizzbuzz.md"))).Item!.Id));
        Assert.Equal("fizzbuzz", fizz.EntryFunction);
        Assert.True(fizz.Tests.Length >= 10);
        Assert.Contains(fizz.Tests, t => t.Hidden);
        Assert.Contains(fizz.Tests, t => !t.Hidden);
    }
}
