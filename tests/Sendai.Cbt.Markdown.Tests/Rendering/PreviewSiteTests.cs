using AngleSharp.Html.Parser;
using Sendai.Cbt.Markdown.Rendering;
using Xunit;

namespace Sendai.Cbt.Markdown.Tests.Rendering;

public class PreviewSiteTests
{
    [Fact]
    public void Builds_index_item_pages_form_pages_and_stylesheet()
    {
        // Set CBT_PREVIEW_DIR to keep the site for a look in a browser.
        string dir = Environment.GetEnvironmentVariable("CBT_PREVIEW_DIR") ?? Path.Combine(Path.GetTempPath(), "cbt-preview-" + Guid.NewGuid().ToString("N"));
        var summary = PreviewSite.Build(SampleItems.Bank, dir, new PreviewOptions());
        Assert.Equal(SampleItems.All.Length, summary.ItemCount);
        Assert.Equal(1, summary.FormCount);
        Assert.Contains("index.html", summary.Files);
        Assert.Contains("style.css", summary.Files);
        Assert.Contains("items/sci-g5-flower-01.student.html", summary.Files);
        Assert.Contains("items/sci-g5-flower-01.review.html", summary.Files);
        Assert.Contains("items/sci-g5-flower-01.teacher.html", summary.Files);
        Assert.Contains("forms/sample-form.html", summary.Files);
        foreach (var f in summary.Files) Assert.True(File.Exists(Path.Combine(dir, f)), f);

        var index = new HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(dir, "index.html")));
        // Titles are shown as text; a page's MathJax must not typeset them.
        Assert.Contains("mathjax_ignore", index.Body!.ClassName ?? "", StringComparison.Ordinal);
        Assert.Equal("ja", index.DocumentElement.GetAttribute("lang"));
        var links = index.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("items/math-g5-area.teacher.html", links);
        Assert.Contains("forms/sample-form.html", links);
        Assert.All(links, l => Assert.True(File.Exists(Path.Combine(dir, l!)), l));
        if (Environment.GetEnvironmentVariable("CBT_PREVIEW_DIR") is null) Directory.Delete(dir, recursive: true);
    }
}
