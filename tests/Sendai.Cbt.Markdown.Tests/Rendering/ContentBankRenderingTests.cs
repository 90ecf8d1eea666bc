using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Markdown.Rendering;
using Sendai.Cbt.Tests;
using Xunit;

namespace Sendai.Cbt.Markdown.Tests.Rendering;

/// <summary>The sample bank in content/ renders in every view, with labelled controls and no key in the student view.</summary>
public class ContentBankRenderingTests
{
    private static readonly Lazy<ItemBank> Bank = new(() => ItemBankLoader.Load(RepoPaths.Content));
    private static readonly ItemRenderer Renderer = new();

    public static TheoryData<string> ItemIds()
    {
        var data = new TheoryData<string>();
        foreach (var item in Bank.Value.Items) data.Add(item.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(ItemIds))]
    public void Sample_item_renders_in_every_view(string id)
    {
        var bank = Bank.Value;
        var item = bank.FindItem(id)!;
        var stimulus = item.StimulusId is null ? null : bank.FindStimulus(item.StimulusId);
        foreach (var view in new[] { RenderView.Student, RenderView.Review, RenderView.Teacher })
        {
            var doc = ItemRendererTests.Parse(Renderer.RenderItemPage(item, new RenderOptions { View = view, ShuffleSeed = 1 }, stimulus));
            Assert.Single(doc.QuerySelectorAll("article.cbt-item"));
            Assert.Empty(doc.QuerySelectorAll("script"));
            ItemRendererTests.AssertLabelled(doc);
            if (view == RenderView.Student)
            {
                Assert.Empty(doc.QuerySelectorAll("[checked], [selected], .cbt-correct, .cbt-feedback, .cbt-explanation, .cbt-key, .cbt-rubric, .cbt-model-answer, .cbt-solution"));
                if (item is TextItem text)
                {
                    // Hints may give the answer away on purpose (they are shown on request), so leave them out.
                    foreach (var hint in doc.QuerySelectorAll(".cbt-hint").ToList()) hint.Remove();
                    var shown = doc.QuerySelector("article")!.TextContent;
                    // An accepted answer may legitimately occur in the question; only check answers the prompt does not contain.
                    foreach (var a in text.Answers.Where(a => a.Length >= 2 && !item.Prompt.Contains(a, StringComparison.Ordinal)))
                        Assert.DoesNotContain(a, shown);
                }
            }
            if (item is ClozeItem cloze)
            {
                Assert.Equal(cloze.Blanks.Length, doc.QuerySelectorAll(".cbt-prompt .cbt-blank input, .cbt-prompt .cbt-blank select").Length);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ItemIds))]
    public void The_kept_parse_tree_renders_exactly_as_parsing_the_prompt_again(string id)
    {
        // The parser keeps the prompt's tree with the item; a copy whose prompt is another string instance
        // (as after loading a pack) is parsed again by the renderer. Both must give the same HTML.
        var bank = Bank.Value;
        var item = bank.FindItem(id)!;
        Assert.NotNull(item.PreparedPrompt.For<Markdig.Syntax.MarkdownDocument>(item.Prompt));
        var copy = item with { Prompt = new string(item.Prompt.AsSpan()) };
        Assert.Null(copy.PreparedPrompt.For<Markdig.Syntax.MarkdownDocument>(copy.Prompt));
        Assert.Equal(item, copy);
        var stimulus = item.StimulusId is null ? null : bank.FindStimulus(item.StimulusId);
        var stimulusCopy = stimulus is null ? null : stimulus with { Content = new string(stimulus.Content.AsSpan()) };
        foreach (var view in new[] { RenderView.Student, RenderView.Review, RenderView.Teacher })
        {
            foreach (var ruby in new[] { RubyMode.All, RubyMode.None, RubyMode.AboveGrade(3) })
            {
                var options = new RenderOptions { View = view, Ruby = ruby, ShuffleSeed = 7 };
                Assert.Equal(Renderer.RenderItem(copy, options, stimulusCopy), Renderer.RenderItem(item, options, stimulus));
            }
        }
    }

    [Fact]
    public void Sample_forms_render()
    {
        var bank = Bank.Value;
        Assert.NotEmpty(bank.Forms);
        foreach (var form in bank.Forms)
        {
            var doc = ItemRendererTests.Parse(Renderer.RenderFormPage(form, bank, new RenderOptions { ShuffleSeed = 3 }));
            Assert.Equal(form.AllItems.Count(), doc.QuerySelectorAll("article.cbt-item").Length);
            Assert.Empty(doc.QuerySelectorAll(".cbt-missing"));
            ItemRendererTests.AssertLabelled(doc);
        }
    }

    [Fact]
    public void Preview_site_of_the_sample_bank_links_every_page()
    {
        // Set CBT_PREVIEW_CONTENT_DIR to keep the site and open it in a browser.
        string? keep = Environment.GetEnvironmentVariable("CBT_PREVIEW_CONTENT_DIR");
        string dir = keep ?? Path.Combine(Path.GetTempPath(), "cbt-content-" + Guid.NewGuid().ToString("N"));
        var summary = PreviewSite.Build(Bank.Value, dir, new PreviewOptions());
        Assert.Equal(Bank.Value.Items.Length * 3 + Bank.Value.Forms.Length + 2, summary.Files.Length);
        var index = ItemRendererTests.Parse(File.ReadAllText(Path.Combine(dir, "index.html")));
        Assert.Equal(Bank.Value.Items.Length, index.QuerySelectorAll("table.cbt-index tbody tr").Length);
        if (keep is null) Directory.Delete(dir, recursive: true);
    }
}
