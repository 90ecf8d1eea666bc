using System.Text;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;

namespace Sendai.Cbt.Markdown.Rendering;

/// <summary>
/// Renders items, stimuli and test forms to accessible HTML for students, reviews and teachers.
/// </summary>
/// <remarks>
/// <para>
/// The markup is <c>lang="ja"</c>, uses real form controls with labels, ruby elements for
/// furigana and <c>cbt-vertical</c> for 縦書き items. The student view never contains the answer
/// key. Item text is Markdown; raw HTML in it is shown as text and links or images whose URL is
/// not http, https, mailto or relative are reduced to their text.
/// </para>
/// <para>Instances are thread-safe: calls share only pools of Markdig renderers and page builders, each used by one call at a time.</para>
/// </remarks>
public sealed class ItemRenderer
{
    private const string StylesheetResource = "Sendai.Cbt.Markdown.Resources.cbt.css";
    private static readonly Lazy<string> Stylesheet = new(LoadStylesheet, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly KanjiGradeTable _table;
    private readonly RendererPool _pool = new();

    /// <summary>Creates a renderer.</summary>
    /// <param name="table">The kanji table for <see cref="RubyMode.AboveGrade"/>; null uses <see cref="KanjiGradeTable.Mext2020"/>.</param>
    public ItemRenderer(KanjiGradeTable? table = null)
    {
        _table = table ?? KanjiGradeTable.Mext2020;
    }

    /// <summary>The default stylesheet (large type, BIZ UDPGothic / Noto Sans JP, focus outlines, print rules).</summary>
    public static string DefaultStylesheet => Stylesheet.Value;

    /// <summary>Renders one item as an <c>&lt;article&gt;</c> fragment, preceded by its stimulus when one is given.</summary>
    /// <param name="item">The item.</param>
    /// <param name="options">View, ruby mode and shuffle seed.</param>
    /// <param name="stimulus">The item's shared stimulus, or null.</param>
    /// <returns>An HTML fragment.</returns>
    public string RenderItem(Item item, RenderOptions options, Stimulus? stimulus = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(options);
        var w = NewWriter(options, headingLevel: 3);
        if (stimulus is not null) w.Stimulus(stimulus, 2);
        w.Item(item, number: null, points: null);
        return Finish(w);
    }

    /// <summary>Renders a shared stimulus as a <c>&lt;section class="cbt-stimulus"&gt;</c> fragment.</summary>
    /// <param name="stimulus">The stimulus.</param>
    /// <param name="options">Ruby mode (the view does not matter for stimuli).</param>
    /// <returns>An HTML fragment.</returns>
    public string RenderStimulus(Stimulus stimulus, RenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(stimulus);
        ArgumentNullException.ThrowIfNull(options);
        var w = NewWriter(options, headingLevel: 3);
        w.Stimulus(stimulus, 2);
        return Finish(w);
    }

    /// <summary>Renders one item (and its stimulus) as a complete HTML page, titled with the item's title (「問題」 in the student view: titles often name the answer).</summary>
    /// <param name="item">The item.</param>
    /// <param name="options">View, ruby mode, shuffle seed and stylesheet.</param>
    /// <param name="stimulus">The item's shared stimulus, or null.</param>
    /// <returns>An HTML document.</returns>
    public string RenderItemPage(Item item, RenderOptions options, Stimulus? stimulus = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(options);
        var w = NewWriter(options, headingLevel: 2);
        // Authors often name an item after its answer (著作権, 三権分立): students see a neutral title.
        string title = options.View == RenderView.Student ? "問題" : ContentRenderer.PlainText(item.Metadata.Title ?? item.Id);
        w.PageStart(title);
        w.Raw("<h1 class=\"cbt-page-title\">").Text(title).Raw("</h1>\n");
        if (stimulus is not null) w.Stimulus(stimulus, 2);
        w.Item(item, number: null, points: null);
        w.PageEnd();
        return Finish(w);
    }

    /// <summary>
    /// Renders a whole test form as one page: title, time limit, sections with their instructions,
    /// items numbered 問1, 問2… with their points, and each stimulus once before its first item.
    /// Sections and items are shuffled when the form says so and a seed is given.
    /// </summary>
    /// <param name="form">The form.</param>
    /// <param name="bank">The bank holding the form's items and stimuli.</param>
    /// <param name="options">View, ruby mode, shuffle seed and stylesheet.</param>
    /// <returns>An HTML document.</returns>
    public string RenderFormPage(TestForm form, ItemBank bank, RenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(options);
        var w = NewWriter(options, headingLevel: 4);
        w.PageStart(form.Title);
        w.Raw("<header class=\"cbt-form-header\">\n<h1 class=\"cbt-page-title\">").Text(form.Title).Raw("</h1>\n");
        var info = new List<string>();
        if (form.TimeLimit is TimeSpan limit) info.Add($"制限時間 {Html.Num((int)Math.Ceiling(limit.TotalMinutes))}分");
        int itemCount = form.AllItems.Count();
        info.Add($"問題数 {Html.Num(itemCount)}");
        if (form.Kind != FormKind.Survey)
        {
            decimal total = form.AllItems.Sum(r => (bank.FindItem(r.ItemId)?.Metadata.Points ?? 0m) * r.Weight);
            info.Add($"合計 {Html.Num(total)}点");
        }
        w.Raw("<p class=\"cbt-form-info\">").Text(string.Join("　", info)).Raw("</p>\n</header>\n");

        var sections = Shuffled(form.Sections, form.ShuffleSections, options.ShuffleSeed, form.Id);
        var shownStimuli = new HashSet<string>(StringComparer.Ordinal);
        int number = 0;
        foreach (var section in sections)
        {
            string sectionId = "section-" + Html.IdPart(section.Id);
            w.Raw("<section class=\"cbt-section\" id=\"").Raw(sectionId).Raw("\"");
            if (section.Title is not null) w.Raw(" aria-labelledby=\"").Raw(sectionId).Raw("-title\"");
            w.Raw(">\n");
            if (section.Title is not null) w.Raw("<h2 class=\"cbt-section-title\" id=\"").Raw(sectionId).Raw("-title\">").Text(section.Title).Raw("</h2>\n");
            if (!string.IsNullOrWhiteSpace(section.Instructions)) w.Raw("<div class=\"cbt-instructions\">").Block(section.Instructions).Raw("</div>\n");
            foreach (var reference in Shuffled(section.Items, section.ShuffleItems, options.ShuffleSeed, form.Id + "/" + section.Id))
            {
                number++;
                var item = bank.FindItem(reference.ItemId);
                if (item is null)
                {
                    w.Raw("<p class=\"cbt-missing\" role=\"note\">問").Raw(Html.Num(number)).Raw("：問題 ").Text(reference.ItemId).Raw(" が見つかりません。</p>\n");
                    continue;
                }
                if (item.StimulusId is { } sid && shownStimuli.Add(sid) && bank.FindStimulus(sid) is { } stimulus)
                {
                    w.Stimulus(stimulus, 3);
                }
                w.Item(item, number, item.IsScored ? item.Metadata.Points * reference.Weight : null);
            }
            w.Raw("</section>\n");
        }
        w.PageEnd();
        return Finish(w);
    }

    private static IEnumerable<T> Shuffled<T>(IReadOnlyList<T> values, bool shuffle, ulong? seed, string id)
    {
        if (!shuffle || seed is not ulong s) return values;
        var order = SeededShuffle.Permutation(values.Count, [], s, id);
        return order.Select(i => values[i]);
    }

    private ItemWriter NewWriter(RenderOptions options, int headingLevel) =>
        new(options, new ContentRenderer(options.Ruby, _table, _pool, forStudents: options.View == RenderView.Student), headingLevel, RentBuilder());

    /// <summary>The page's HTML; the writer's builder goes back to the pool.</summary>
    private string Finish(ItemWriter w)
    {
        var html = w.ToString();
        ReturnBuilder(w.Builder);
        return html;
    }

    // Page builders are reused: a rendered item is a few KB of HTML, and growing a new builder for each
    // allocated as much again as the page itself.
    private readonly Stack<StringBuilder> _builders = new();
    private readonly Lock _buildersLock = new();

    private StringBuilder RentBuilder()
    {
        lock (_buildersLock)
        {
            if (_builders.TryPop(out var sb)) return sb;
        }
        return new StringBuilder(1024);
    }

    private void ReturnBuilder(StringBuilder sb)
    {
        if (sb.Capacity > 1024 * 1024) return;
        sb.Clear();
        lock (_buildersLock)
        {
            if (_builders.Count < 64) _builders.Push(sb);
        }
    }

    private static string LoadStylesheet()
    {
        using var stream = typeof(ItemRenderer).Assembly.GetManifestResourceStream(StylesheetResource)
            ?? throw new InvalidOperationException($"The embedded resource '{StylesheetResource}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
