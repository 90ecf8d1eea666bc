using System.Collections.Immutable;
using System.Text;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Items;

namespace Sendai.Cbt.Markdown.Rendering;

/// <summary>Options for <see cref="PreviewSite.Build"/>.</summary>
public sealed record PreviewOptions
{
    /// <summary>Ruby mode of every page. Default <see cref="RubyMode.All"/>.</summary>
    public RubyMode Ruby { get; init; } = RubyMode.All;

    /// <summary>Seed for shuffled items and forms; null (the default) shows the source order.</summary>
    public ulong? ShuffleSeed { get; init; }

    /// <summary>Title of the index page.</summary>
    public string Title { get; init; } = "問題プレビュー";

    /// <summary>The kanji table for <see cref="RubyMode.AboveGrade"/>; null uses <see cref="KanjiGradeTable.Mext2020"/>.</summary>
    public KanjiGradeTable? KanjiTable { get; init; }
}

/// <summary>What <see cref="PreviewSite.Build"/> wrote.</summary>
/// <param name="OutputDirectory">The full path of the site.</param>
/// <param name="Files">Every file written, relative to <paramref name="OutputDirectory"/> with <c>/</c> separators.</param>
/// <param name="ItemCount">Items rendered (each in three views).</param>
/// <param name="FormCount">Forms rendered.</param>
public sealed record SiteSummary(string OutputDirectory, ImmutableArray<string> Files, int ItemCount, int FormCount);

/// <summary>
/// Writes a static preview site for authors: <c>index.html</c> (items with their metadata and
/// links to each view, forms, the bank's diagnostics), <c>items/&lt;id&gt;.&lt;view&gt;.html</c>
/// for the student, review and teacher views, <c>forms/&lt;id&gt;.html</c> (the student view of
/// each form) and <c>style.css</c>. Open <c>index.html</c> in a browser; nothing needs a server.
/// </summary>
public static class PreviewSite
{
    private static readonly (RenderView View, string Key, string Label)[] Views =
    [
        (RenderView.Student, "student", "児童生徒"),
        (RenderView.Review, "review", "ふりかえり"),
        (RenderView.Teacher, "teacher", "教師用"),
    ];

    /// <summary>Builds the site, creating or overwriting files in <paramref name="outputDirectory"/>.</summary>
    /// <param name="bank">The item bank.</param>
    /// <param name="outputDirectory">Where to write; created when missing.</param>
    /// <param name="options">Ruby mode, seed and title.</param>
    /// <returns>What was written.</returns>
    public static SiteSummary Build(ItemBank bank, string outputDirectory, PreviewOptions options)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentNullException.ThrowIfNull(options);

        var root = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(Path.Combine(root, "items"));
        Directory.CreateDirectory(Path.Combine(root, "forms"));
        var files = ImmutableArray.CreateBuilder<string>();
        void Write(string relative, string content)
        {
            File.WriteAllText(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)), content, new UTF8Encoding(false));
            files.Add(relative);
        }

        var renderer = new ItemRenderer(options.KanjiTable);
        Write("style.css", ItemRenderer.DefaultStylesheet);

        var pageOptions = new RenderOptions { Ruby = options.Ruby, ShuffleSeed = options.ShuffleSeed, StylesheetHref = "../style.css" };
        foreach (var item in bank.Items)
        {
            var stimulus = item.StimulusId is null ? null : bank.FindStimulus(item.StimulusId);
            foreach (var (view, key, _) in Views)
            {
                Write($"items/{Html.IdPart(item.Id)}.{key}.html", renderer.RenderItemPage(item, pageOptions with { View = view }, stimulus));
            }
        }
        foreach (var form in bank.Forms)
        {
            Write($"forms/{Html.IdPart(form.Id)}.html", renderer.RenderFormPage(form, bank, pageOptions));
        }
        Write("index.html", Index(bank, options));
        return new SiteSummary(root, files.ToImmutable(), bank.Items.Length, bank.Forms.Length);
    }

    private static string Index(ItemBank bank, PreviewOptions options)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .Append(Html.Esc(options.Title)).Append("</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n<style>.cbt-page{max-width:none}.cbt-index td,.cbt-index th{border:1px solid #666;padding:.2rem .5rem;font-size:.8rem;vertical-align:top}.cbt-index{border-collapse:collapse}</style>\n</head>\n<body class=\"" + Html.NoPageMath.TrimStart() + "\">\n<main class=\"cbt-page\">\n<h1 class=\"cbt-page-title\">")
            .Append(Html.Esc(options.Title)).Append("</h1>\n");
        sb.Append("<p>問題 ").Append(Html.Num(bank.Items.Length)).Append("　資料 ").Append(Html.Num(bank.Stimuli.Length)).Append("　テスト ").Append(Html.Num(bank.Forms.Length))
            .Append("　エラー ").Append(Html.Num(bank.Diagnostics.Count(d => d.Severity == Severity.Error)))
            .Append("　警告 ").Append(Html.Num(bank.Diagnostics.Count(d => d.Severity == Severity.Warning))).Append("</p>\n");

        sb.Append("<h2>問題</h2>\n<table class=\"cbt-index\">\n<thead><tr>");
        foreach (var h in new[] { "ID", "題名", "種類", "教科", "学年", "領域", "観点", "問題形式", "配点", "表示" }) sb.Append("<th scope=\"col\">").Append(h).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var item in bank.Items)
        {
            var m = item.Metadata;
            sb.Append("<tr><td><code>").Append(Html.Esc(item.Id)).Append("</code></td><td>").Append(Html.Esc(m.Title ?? ""))
                .Append("</td><td>").Append(ItemNames.Key(item.Type)).Append("</td><td>").Append(Html.Esc(m.Subject))
                .Append("</td><td>").Append(ItemWriter.GradeName(m.Grade)).Append("</td><td>").Append(Html.Esc(m.Domain ?? ""))
                .Append("</td><td>").Append(m.Viewpoint is { } v ? ItemNames.Japanese(v) : "").Append("</td><td>").Append(ItemNames.Japanese(m.Format))
                .Append("</td><td>").Append(Html.Num(m.Points)).Append("</td><td>");
            var links = Views.Select(v => $"<a href=\"items/{Html.Esc(Html.IdPart(item.Id))}.{v.Key}.html\">{v.Label}</a>");
            sb.Append(string.Join("　", links)).Append("</td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");

        sb.Append("<h2>テスト</h2>\n");
        if (bank.Forms.IsEmpty) sb.Append("<p>なし</p>\n");
        else
        {
            sb.Append("<ul>\n");
            foreach (var form in bank.Forms)
            {
                sb.Append("<li><a href=\"forms/").Append(Html.Esc(Html.IdPart(form.Id))).Append(".html\">").Append(Html.Esc(form.Title)).Append("</a>（")
                    .Append(Html.Esc(form.Id)).Append("、").Append(Html.Num(form.AllItems.Count())).Append("問）</li>\n");
            }
            sb.Append("</ul>\n");
        }

        sb.Append("<h2>診断</h2>\n");
        if (bank.Diagnostics.IsEmpty) sb.Append("<p>問題は見つかりませんでした。</p>\n");
        else
        {
            sb.Append("<ul class=\"cbt-diagnostics\">\n");
            foreach (var d in bank.Diagnostics) sb.Append("<li><code>").Append(Html.Esc(d.ToString())).Append("</code></li>\n");
            sb.Append("</ul>\n");
        }
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }
}
