using System.Text;
using Markdig.Renderers;
using Markdig.Syntax;
using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Extensions.Cloze;
using Sendai.Cbt.Normalization;

namespace Sendai.Cbt.Markdown.Rendering;

/// <summary>
/// Writes the HTML of one rendering call. Everything an author wrote goes through
/// <see cref="Text(string?)"/> (escaped) or <see cref="ContentRenderer"/> (Markdown with raw HTML
/// disabled); <see cref="Raw(string)"/> is only for our own markup and sanitised ids.
/// </summary>
internal sealed class ItemWriter
{
    private readonly StringBuilder _sb;
    private readonly StringWriter _out;
    private readonly RenderOptions _options;
    private readonly int _level;
    private readonly HashSet<string> _usedPrefixes = new(StringComparer.Ordinal);

    public ItemWriter(RenderOptions options, ContentRenderer content, int headingLevel, StringBuilder builder)
    {
        _sb = builder;
        _options = options;
        Content = content;
        _level = headingLevel;
        _out = new StringWriter(_sb);
    }

    public ContentRenderer Content { get; }

    private bool Reveal => _options.View != RenderView.Student;
    private bool Teacher => _options.View == RenderView.Teacher;

    public ItemWriter Raw(string html)
    {
        _sb.Append(html);
        return this;
    }

    public ItemWriter Text(string? text)
    {
        Html.AppendEscaped(_sb, text);
        return this;
    }

    /// <summary>Renders Markdown as block HTML straight into the output (see <see cref="ContentRenderer.Block(StringWriter, string?, Action{HtmlRenderer, ClozeBlankInline}?, MarkdownDocument?)"/>).</summary>
    public ItemWriter Block(string? markdown, Action<HtmlRenderer, ClozeBlankInline>? writeBlank = null, MarkdownDocument? prepared = null)
    {
        Content.Block(_out, markdown, writeBlank, prepared);
        return this;
    }

    /// <summary>Renders Markdown for a phrasing context straight into the output.</summary>
    public ItemWriter Inline(string? markdown)
    {
        Content.Inline(_out, markdown);
        return this;
    }

    public override string ToString() => _sb.ToString();

    /// <summary>The builder the page is written to.</summary>
    public StringBuilder Builder => _sb;

    // ---------------------------------------------------------------- pages

    public void PageStart(string title)
    {
        string view = _options.View switch
        {
            RenderView.Student => "student",
            RenderView.Review => "review",
            _ => "teacher",
        };
        Raw("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").Text(title).Raw("</title>\n");
        if (_options.StylesheetHref is { } href)
        {
            Raw("<link rel=\"stylesheet\" href=\"").Text(href).Raw("\">\n");
        }
        else
        {
            // The stylesheet is our own resource; "</" cannot occur in it, but make sure.
            Raw("<style>\n").Raw(ItemRenderer.DefaultStylesheet.Replace("</", "<\\/", StringComparison.Ordinal)).Raw("\n</style>\n");
        }
        Raw("</head>\n<body class=\"cbt-view-").Raw(view).Raw(Html.NoPageMath).Raw("\">\n<main class=\"cbt-page\">\n");
        if (_options.View == RenderView.Review) Raw("<p class=\"cbt-view-banner\">ふりかえり（正答と解説）</p>\n");
        if (_options.View == RenderView.Teacher) Raw("<p class=\"cbt-view-banner\">教師用（正答・採点基準を含みます）</p>\n");
    }

    public void PageEnd() => Raw("</main>\n</body>\n</html>\n");

    // ---------------------------------------------------------------- stimulus

    public void Stimulus(Stimulus stimulus, int titleLevel)
    {
        string id = "stimulus-" + Html.IdPart(stimulus.Id);
        Raw("<section class=\"cbt-stimulus").Raw(stimulus.Writing == WritingMode.Vertical ? " cbt-vertical" : "").Raw(Html.NoPageMath)
            .Raw("\" lang=\"ja\" id=\"").Raw(id).Raw("\"");
        if (stimulus.Title is not null) Raw(" aria-labelledby=\"").Raw(id).Raw("-title\"");
        else Raw(" aria-label=\"資料\"");
        Raw(">\n");
        if (stimulus.Title is not null)
        {
            string h = "h" + Html.Num(titleLevel);
            Raw("<").Raw(h).Raw(" class=\"cbt-stimulus-title\" id=\"").Raw(id).Raw("-title\">").Inline(stimulus.Title).Raw("</").Raw(h).Raw(">\n");
        }
        Raw("<div class=\"cbt-stimulus-content\">\n").Block(stimulus.Content, prepared: stimulus.PreparedContent.For<MarkdownDocument>(stimulus.Content)).Raw("\n</div>\n</section>\n");
    }

    // ---------------------------------------------------------------- item

    public void Item(Item item, int? number, decimal? points)
    {
        string prefix = "item-" + Html.IdPart(item.Id);
        if (!_usedPrefixes.Add(prefix))
        {
            int n = 2;
            while (!_usedPrefixes.Add(prefix + "-" + Html.Num(n))) n++;
            prefix = prefix + "-" + Html.Num(n);
        }
        var c = new Ctx(prefix);
        string type = ItemNames.Key(item.Type);
        Raw("<article class=\"cbt-item cbt-type-").Raw(type).Raw(item.Writing == WritingMode.Vertical ? " cbt-vertical" : "").Raw(Html.NoPageMath)
            .Raw("\" lang=\"ja\" id=\"").Raw(prefix).Raw("\" data-item-id=\"").Text(item.Id).Raw("\"");
        if (number is not null) Raw(" aria-labelledby=\"").Raw(c.Id("number")).Raw("\"");
        Raw(">\n");
        if (number is not null)
        {
            string h = "h" + Html.Num(_level - 1);
            Raw("<header class=\"cbt-item-header\"><").Raw(h).Raw(" class=\"cbt-item-number\" id=\"").Raw(c.Id("number")).Raw("\">問<span class=\"cbt-tcy\">").Raw(Html.Num(number.Value)).Raw("</span></").Raw(h).Raw(">");
            if (points is not null) Raw("<span class=\"cbt-points\">（").Raw(Html.Num(points.Value)).Raw("点）</span>");
            Raw("</header>\n");
        }
        if (Teacher) Metadata(item);

        var preparedPrompt = item.PreparedPrompt.For<MarkdownDocument>(item.Prompt);
        if (item is ClozeItem cloze)
        {
            Raw("<div class=\"cbt-prompt cbt-cloze-text\" id=\"").Raw(c.PromptId).Raw("\">\n")
                .Block(item.Prompt, (r, blank) => Blank(r, c, cloze, blank), preparedPrompt).Raw("\n</div>\n");
        }
        else
        {
            Raw("<div class=\"cbt-prompt\" id=\"").Raw(c.PromptId).Raw("\">\n").Block(item.Prompt, prepared: preparedPrompt).Raw("\n</div>\n");
        }

        switch (item)
        {
            case ChoiceItem choice: Choices(c, choice); break;
            case TextItem text: TextResponse(c, text); break;
            case NumericItem numeric: NumericResponse(c, numeric); break;
            case OrderItem order: Order(c, order); break;
            case MatchItem match: Match(c, match); break;
            case ClozeItem clozeItem: ClozeKey(c, clozeItem); break;
            case EssayItem essay: Essay(c, essay); break;
            case ProgramItem program: Program(c, program); break;
            case SurveyItem survey: Survey(c, survey); break;
        }

        for (int i = 0; i < item.Hints.Length; i++)
        {
            Raw("<details class=\"cbt-hint\"><summary>ヒント<span class=\"cbt-tcy\">").Raw(Html.Num(i + 1)).Raw("</span></summary>\n<div class=\"cbt-hint-content\">")
                .Block(item.Hints[i]).Raw("</div>\n</details>\n");
        }
        if (Reveal && !string.IsNullOrWhiteSpace(item.Explanation))
        {
            SectionStart(c, "explanation", "cbt-explanation", "解説");
            Block(item.Explanation).Raw("\n</section>\n");
        }
        Raw("</article>\n");
    }

    private void SectionStart(Ctx c, string idSuffix, string cssClass, string heading)
    {
        string id = c.Id(idSuffix + "-title");
        string h = "h" + Html.Num(_level);
        Raw("<section class=\"").Raw(cssClass).Raw("\" aria-labelledby=\"").Raw(id).Raw("\">\n<").Raw(h).Raw(" id=\"").Raw(id).Raw("\">")
            .Raw(heading).Raw("</").Raw(h).Raw(">\n");
    }

    private void Metadata(Item item)
    {
        var m = item.Metadata;
        Raw("<dl class=\"cbt-meta\">\n");
        Pair("ID", item.Id);
        Pair("教科", m.Subject);
        Pair("学年", GradeName(m.Grade));
        if (m.Domain is not null) Pair("領域", m.Domain);
        if (m.Viewpoint is { } v) Pair("観点", ItemNames.Japanese(v));
        Pair("問題形式", ItemNames.Japanese(m.Format) + "（" + ItemNames.Key(item.Type) + "）");
        Pair("配点", Html.Num(m.Points) + "点");
        if (m.Curriculum is not null) Pair("学習指導要領コード", m.Curriculum);
        if (!m.Tags.IsDefaultOrEmpty) Pair("タグ", string.Join("、", m.Tags));
        if (item.Shuffle) Pair("選択肢の並べかえ", "あり");
        if (!string.IsNullOrEmpty(item.Source.File)) Pair("ファイル", item.Source.ToString());
        Raw("</dl>\n");

        void Pair(string term, string value) => Raw("<div><dt>").Raw(term).Raw("</dt><dd>").Text(value).Raw("</dd></div>\n");
    }

    internal static string GradeName(int grade) => grade switch
    {
        >= 1 and <= 6 => $"小学{Html.Num(grade)}年",
        >= 7 and <= 9 => $"中学{Html.Num(grade - 6)}年",
        >= 10 and <= 12 => $"高校{Html.Num(grade - 9)}年",
        _ => Html.Num(grade),
    };

    // ---------------------------------------------------------------- choice

    private void Choices(Ctx c, ChoiceItem item)
    {
        var choices = item.Choices.IsDefault ? [] : item.Choices;
        IReadOnlyList<int> order = Enumerable.Range(0, choices.Length).ToArray();
        if (item.Shuffle && _options.ShuffleSeed is ulong seed)
        {
            var flags = choices.Select(ch => ch.Fixed).ToArray();
            order = SeededShuffle.Permutation(choices.Length, flags, seed, item.Id);
        }
        string name = c.Id("choice");
        string type = item.AllowMultiple ? "checkbox" : "radio";
        Raw("<fieldset class=\"cbt-choices\" aria-describedby=\"").Raw(c.PromptId).Raw("\">\n<legend class=\"cbt-legend\">")
            .Raw(item.AllowMultiple ? "あてはまるものをすべて選びましょう" : "答えを<span class=\"cbt-tcy\">1</span>つ選びましょう").Raw("</legend>\n<ul class=\"cbt-choice-list\">\n");
        var correctMarks = new List<string>();
        for (int d = 0; d < order.Count; d++)
        {
            var ch = choices[order[d]];
            string mark = Html.Mark(d);
            string id = c.Id("choice-" + Html.IdPart(ch.Label));
            bool correct = Reveal && ch.IsCorrect;
            if (ch.IsCorrect) correctMarks.Add(mark);
            Raw("<li class=\"cbt-choice").Raw(correct ? " cbt-correct" : "").Raw("\">")
                .Raw("<input type=\"").Raw(type).Raw("\" name=\"").Raw(name).Raw("\" id=\"").Raw(id).Raw("\" value=\"").Text(ch.Label).Raw("\">")
                .Raw("<label for=\"").Raw(id).Raw("\"><span class=\"cbt-mark\">").Raw(mark).Raw("</span><span class=\"cbt-choice-content\">")
                .Inline(ch.Content).Raw("</span></label>");
            if (correct) Raw("<span class=\"cbt-correct-mark\">正解</span>");
            if (Teacher)
            {
                if (ch.Points is decimal p) Raw("<span class=\"cbt-choice-points\">").Raw(item.AllowMultiple ? "重み " : "部分点 ").Raw(Html.Num(p)).Raw("</span>");
                if (ch.Fixed) Raw("<span class=\"cbt-choice-fixed\">位置固定</span>");
                Raw("<span class=\"cbt-source-label\">（").Text(ch.Label).Raw("）</span>");
            }
            if (Reveal && !string.IsNullOrWhiteSpace(ch.Feedback))
            {
                Raw("\n<div class=\"cbt-feedback\">").Block(ch.Feedback).Raw("</div>");
            }
            Raw("</li>\n");
        }
        Raw("</ul>\n</fieldset>\n");
        if (Reveal)
        {
            SectionStart(c, "key", "cbt-key", "正答");
            Raw("<p>").Raw(correctMarks.Count == 0 ? "（なし）" : string.Join("、", correctMarks)).Raw("</p>\n");
            if (Teacher && item.AllowMultiple)
            {
                Raw("<p class=\"cbt-key-detail\">採点方法：").Raw(item.Scoring switch
                {
                    MultipleScoring.PerChoice => "選択肢ごとに採点",
                    MultipleScoring.RightMinusWrong => "正しい選択で加点・誤った選択で減点（0点未満にはしない）",
                    _ => "すべて正しいときのみ正解",
                }).Raw("</p>\n");
            }
            Raw("</section>\n");
        }
    }

    // ---------------------------------------------------------------- text, numeric

    private void TextResponse(Ctx c, TextItem item)
    {
        string id = c.Id("answer");
        Raw("<div class=\"cbt-response\"><label class=\"cbt-response-label\" for=\"").Raw(id).Raw("\">答え</label>")
            .Raw("<input type=\"text\" class=\"cbt-text-input\" id=\"").Raw(id).Raw("\" name=\"").Raw(id)
            .Raw("\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" aria-describedby=\"").Raw(c.PromptId).Raw("\"></div>\n");
        if (!Reveal) return;
        SectionStart(c, "key", "cbt-key", "正答");
        Raw("<ul class=\"cbt-answers\">\n");
        foreach (var a in item.Answers.IsDefault ? [] : item.Answers) Raw("<li>").Text(a).Raw("</li>\n");
        Raw("</ul>\n");
        if (Teacher)
        {
            if (!item.PartialAnswers.IsDefaultOrEmpty)
            {
                Raw("<p class=\"cbt-key-detail\">部分点</p>\n<ul class=\"cbt-partial-answers\">\n");
                foreach (var p in item.PartialAnswers) Raw("<li>").Text(p.Answer).Raw("（").Raw(Html.Num(p.Points)).Raw("点）</li>\n");
                Raw("</ul>\n");
            }
            Raw("<p class=\"cbt-key-detail\">漢字で書くこと：").Raw(item.KanjiRequired ? "必要（かなだけの答えは誤り）" : "不要").Raw("</p>\n");
            Normalization(item.Normalization);
        }
        Raw("</section>\n");
    }

    private void Normalization(NormalizationOptions? n)
    {
        n ??= NormalizationOptions.Default;
        Raw("<table class=\"cbt-normalization\"><caption>答えの照合（表記ゆれの扱い）</caption>\n<tbody>\n");
        Row("全角・半角を同一視", n.Width);
        Row("ひらがな・カタカナを同一視", n.KanaInsensitive);
        Row("長音・ハイフン・波ダッシュの表記ゆれを同一視", n.LongVowelAndDashVariants);
        Row("前後の空白を無視し、連続する空白を1つにする", n.Spaces);
        Row("空白をすべて無視", n.IgnoreAllSpaces);
        Row("大文字・小文字を同一視", n.CaseInsensitive);
        Row("句読点を無視", n.Punctuation);
        Raw("</tbody>\n</table>\n");

        void Row(string label, bool on) => Raw("<tr><th scope=\"row\">").Raw(label).Raw("</th><td>").Raw(on ? "する" : "しない").Raw("</td></tr>\n");
    }

    private void NumericResponse(Ctx c, NumericItem item)
    {
        string id = c.Id("answer");
        Raw("<div class=\"cbt-response\"><label class=\"cbt-response-label\" for=\"").Raw(id).Raw("\">答え</label>")
            .Raw("<input type=\"text\" inputmode=\"decimal\" class=\"cbt-numeric-input\" id=\"").Raw(id).Raw("\" name=\"").Raw(id)
            .Raw("\" autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"").Raw(c.PromptId).Raw("\">");
        if (!string.IsNullOrEmpty(item.Unit)) Raw("<span class=\"cbt-unit\">").Text(item.Unit).Raw("</span>");
        Raw("</div>\n");
        if (!Reveal) return;
        SectionStart(c, "key", "cbt-key", "正答");
        Raw("<p>").Raw(Html.Num(item.Value)).Text(item.Unit is null ? "" : " " + item.Unit).Raw("</p>\n");
        if (Teacher)
        {
            Raw("<p class=\"cbt-key-detail\">許容誤差：").Raw(item.Tolerance == 0 ? "なし（完全一致）" : item.ToleranceKind == ToleranceKind.Relative
                ? "±" + Html.Num(item.Tolerance * 100) + "%"
                : "±" + Html.Num(item.Tolerance)).Raw("</p>\n");
        }
        Raw("</section>\n");
    }

    // ---------------------------------------------------------------- order, match

    private void Order(Ctx c, OrderItem item)
    {
        var entries = item.Entries.IsDefault ? [] : item.Entries;
        Raw("<ul class=\"cbt-entries\" aria-label=\"ならべかえるもの\">\n");
        foreach (var e in entries)
        {
            Raw("<li><span class=\"cbt-mark\">").Text(Html.MarkOfLabel(e.Label)).Raw("</span><span class=\"cbt-entry-content\">").Inline(e.Content).Raw("</span></li>\n");
        }
        Raw("</ul>\n<fieldset class=\"cbt-order-slots\" aria-describedby=\"").Raw(c.PromptId).Raw("\">\n<legend class=\"cbt-legend\">正しい順に記号を選びましょう</legend>\n<ol class=\"cbt-slots\">\n");
        for (int i = 0; i < entries.Length; i++)
        {
            string id = c.Id("position-" + Html.Num(i + 1));
            Raw("<li><label for=\"").Raw(id).Raw("\">").Raw(Html.Num(i + 1)).Raw("番目</label><select id=\"").Raw(id).Raw("\" name=\"").Raw(id).Raw("\">")
                .Raw("<option value=\"\">選んでください</option>");
            foreach (var e in entries)
            {
                Raw("<option value=\"").Text(e.Label).Raw("\">").Text(Html.MarkOfLabel(e.Label) + "　" + ContentRenderer.PlainText(e.Content)).Raw("</option>");
            }
            Raw("</select></li>\n");
        }
        Raw("</ol>\n</fieldset>\n");
        if (!Reveal) return;
        SectionStart(c, "key", "cbt-key", "正答");
        var correct = item.CorrectOrder.IsDefault ? [] : item.CorrectOrder;
        Raw("<p>").Text(string.Join(" → ", correct.Select(Html.MarkOfLabel))).Raw("</p>\n");
        if (Teacher) Raw("<p class=\"cbt-key-detail\">答えの書き方：").Text(string.Join(";", correct)).Raw("</p>\n");
        Raw("</section>\n");
    }

    private void Match(Ctx c, MatchItem item)
    {
        var left = item.Left.IsDefault ? [] : item.Left;
        var right = item.Right.IsDefault ? [] : item.Right;
        Raw("<ul class=\"cbt-match-options\" aria-label=\"選ぶもの\">\n");
        foreach (var r in right)
        {
            Raw("<li><span class=\"cbt-mark\">").Text(r.Label).Raw("</span><span class=\"cbt-entry-content\">").Inline(r.Content).Raw("</span></li>\n");
        }
        Raw("</ul>\n<fieldset class=\"cbt-match\" aria-describedby=\"").Raw(c.PromptId).Raw("\">\n<legend class=\"cbt-legend\">それぞれに合うものを選びましょう</legend>\n<ul class=\"cbt-match-rows\">\n");
        foreach (var l in left)
        {
            string id = c.Id("match-" + Html.IdPart(l.Label));
            Raw("<li><label for=\"").Raw(id).Raw("\"><span class=\"cbt-mark\">").Text(Html.MarkOfLabel(l.Label)).Raw("</span><span class=\"cbt-entry-content\">")
                .Inline(l.Content).Raw("</span></label><select id=\"").Raw(id).Raw("\" name=\"").Raw(id).Raw("\"><option value=\"\">選んでください</option>");
            foreach (var r in right)
            {
                Raw("<option value=\"").Text(r.Label).Raw("\">").Text(r.Label + "　" + ContentRenderer.PlainText(r.Content)).Raw("</option>");
            }
            Raw("</select></li>\n");
        }
        Raw("</ul>\n</fieldset>\n");
        if (!Reveal) return;
        SectionStart(c, "key", "cbt-key", "正答");
        Raw("<ul class=\"cbt-pairs\">\n");
        var pairs = item.Pairs ?? System.Collections.Immutable.ImmutableDictionary<string, string>.Empty;
        foreach (var l in left)
        {
            if (!pairs.TryGetValue(l.Label, out var r)) continue;
            var rightEntry = right.FirstOrDefault(x => x.Label == r);
            Raw("<li>").Text(Html.MarkOfLabel(l.Label)).Raw(" ").Inline(l.Content).Raw(" — ").Text(r).Raw(" ")
                .Inline(rightEntry?.Content).Raw("</li>\n");
        }
        Raw("</ul>\n");
        if (Teacher) Raw("<p class=\"cbt-key-detail\">答えの書き方：").Text(string.Join(";", left.Where(l => pairs.ContainsKey(l.Label)).Select(l => l.Label + "=" + pairs[l.Label]))).Raw("</p>\n");
        Raw("</section>\n");
    }

    // ---------------------------------------------------------------- cloze

    private static void Blank(HtmlRenderer r, Ctx c, ClozeItem item, ClozeBlankInline inline)
    {
        int n = inline.Number;
        var blanks = item.Blanks.IsDefault ? [] : item.Blanks;
        var blank = blanks.FirstOrDefault(b => b.Number == n) ?? (n >= 1 && n <= blanks.Length ? blanks[n - 1] : null);
        string id = c.Id("blank-" + Html.Num(n));
        string label = "空らん" + Html.Num(n);
        r.Write("<span class=\"cbt-blank\"><span class=\"cbt-blank-number\" aria-hidden=\"true\">").Write(Html.Num(n)).Write("</span>");
        switch (blank)
        {
            case ChoiceBlank choice:
                r.Write("<select class=\"cbt-blank-select\" id=\"").Write(id).Write("\" name=\"").Write(id).Write("\" aria-label=\"").Write(label).Write("\"><option value=\"\">　</option>");
                foreach (var o in choice.Options.IsDefault ? [] : choice.Options)
                {
                    r.Write("<option value=\"").Write(Html.Esc(o)).Write("\">").Write(Html.Esc(o)).Write("</option>");
                }
                r.Write("</select>");
                break;
            case NumericBlank numeric:
                r.Write("<input type=\"text\" inputmode=\"decimal\" class=\"cbt-blank-input cbt-numeric-input\" id=\"").Write(id).Write("\" name=\"").Write(id)
                    .Write("\" aria-label=\"").Write(label).Write("\" autocomplete=\"off\" spellcheck=\"false\">");
                if (!string.IsNullOrEmpty(numeric.Unit)) r.Write("<span class=\"cbt-unit\">").Write(Html.Esc(numeric.Unit)).Write("</span>");
                break;
            default:
                r.Write("<input type=\"text\" class=\"cbt-blank-input\" id=\"").Write(id).Write("\" name=\"").Write(id)
                    .Write("\" aria-label=\"").Write(label).Write("\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\">");
                break;
        }
        r.Write("</span>");
    }

    private void ClozeKey(Ctx c, ClozeItem item)
    {
        if (!Reveal) return;
        SectionStart(c, "key", "cbt-key", "正答");
        Raw("<ul class=\"cbt-answers\">\n");
        foreach (var b in item.Blanks.IsDefault ? [] : item.Blanks)
        {
            Raw("<li><span class=\"cbt-blank-name\">空らん").Raw(Html.Num(b.Number)).Raw("</span>：");
            switch (b)
            {
                case TextBlank t: Text(string.Join("、", t.Answers.IsDefault ? [] : t.Answers)); break;
                case NumericBlank nb:
                    Raw(Html.Num(nb.Value)).Text(nb.Unit is null ? "" : " " + nb.Unit);
                    if (Teacher && nb.Tolerance != 0) Raw("（±").Raw(Html.Num(nb.Tolerance)).Raw("）");
                    break;
                case ChoiceBlank cb:
                    var options = cb.Options.IsDefault ? [] : cb.Options;
                    Text(cb.CorrectIndex >= 0 && cb.CorrectIndex < options.Length ? options[cb.CorrectIndex] : "?");
                    break;
            }
            if (Teacher) Raw("（").Raw(Html.Num(b.Points)).Raw("点）");
            Raw("</li>\n");
        }
        Raw("</ul>\n");
        if (Teacher) Normalization(item.Normalization);
        Raw("</section>\n");
    }

    // ---------------------------------------------------------------- essay, program

    private void Essay(Ctx c, EssayItem item)
    {
        string id = c.Id("answer");
        string described = c.PromptId;
        Raw("<div class=\"cbt-response cbt-essay\"><label class=\"cbt-response-label\" for=\"").Raw(id).Raw("\">答え</label>");
        if (item.MaxLength is int max && max > 0)
        {
            Raw("<p class=\"cbt-note\" id=\"").Raw(c.Id("limit")).Raw("\">").Raw(Html.Num(max)).Raw("字以内</p>");
            described += " " + c.Id("limit");
        }
        Raw("<textarea class=\"cbt-essay-input\" id=\"").Raw(id).Raw("\" name=\"").Raw(id).Raw("\" rows=\"8\"");
        if (item.MaxLength is int m && m > 0) Raw(" maxlength=\"").Raw(Html.Num(m)).Raw("\"");
        Raw(" aria-describedby=\"").Raw(described).Raw("\"></textarea></div>\n");
        if (!Reveal) return;
        var rubric = item.Rubric.IsDefault ? [] : item.Rubric;
        if (rubric.Length > 0)
        {
            SectionStart(c, "rubric", "cbt-rubric", "評価の基準");
            Raw("<table>\n<thead><tr><th scope=\"col\">点数</th><th scope=\"col\">基準</th></tr></thead>\n<tbody>\n");
            foreach (var level in rubric) Raw("<tr><td>").Raw(Html.Num(level.Points)).Raw("点</td><td>").Inline(level.Descriptor).Raw("</td></tr>\n");
            Raw("</tbody>\n</table>\n</section>\n");
        }
        if (Teacher && !string.IsNullOrWhiteSpace(item.ModelAnswer))
        {
            SectionStart(c, "model", "cbt-model-answer", "模範解答");
            Block(item.ModelAnswer).Raw("\n</section>\n");
        }
    }

    private void Program(Ctx c, ProgramItem item)
    {
        string id = c.Id("code");
        var tests = item.Tests.IsDefault ? [] : item.Tests;
        Raw("<p class=\"cbt-entry\">関数 <code>").Text(item.EntryFunction).Raw("</code> を完成させましょう。</p>\n");
        Raw("<div class=\"cbt-response cbt-program\"><label class=\"cbt-response-label\" for=\"").Raw(id).Raw("\">プログラム</label>")
            .Raw("<textarea class=\"cbt-code\" id=\"").Raw(id).Raw("\" name=\"").Raw(id).Raw("\" rows=\"12\" spellcheck=\"false\" autocapitalize=\"off\" autocomplete=\"off\" aria-describedby=\"")
            .Raw(c.PromptId).Raw("\">\n").Text(item.StarterCode).Raw("</textarea></div>\n");

        System.Collections.Immutable.ImmutableArray<ProgramTest> shown = Teacher ? tests : [.. tests.Where(t => !t.Hidden)];
        if (shown.Length > 0)
        {
            bool descriptions = shown.Any(t => !string.IsNullOrWhiteSpace(t.Description));
            Raw("<table class=\"cbt-tests\">\n<caption>").Raw(Teacher ? "テスト（すべて）" : "テスト").Raw("</caption>\n<thead><tr><th scope=\"col\">番号</th>");
            if (descriptions) Raw("<th scope=\"col\">説明</th>");
            Raw("<th scope=\"col\">引数</th><th scope=\"col\">期待される値</th>");
            if (Teacher) Raw("<th scope=\"col\">比較</th><th scope=\"col\">配点</th><th scope=\"col\">公開</th>");
            Raw("</tr></thead>\n<tbody>\n");
            foreach (var t in shown)
            {
                Raw("<tr><td>").Raw(Html.Num(t.Number)).Raw("</td>");
                if (descriptions) Raw("<td>").Inline(t.Description).Raw("</td>");
                Raw("<td><code>").Text(ArgumentsText(t.ArgumentsJson)).Raw("</code></td><td><code>").Text(t.ExpectedJson).Raw("</code></td>");
                if (Teacher)
                {
                    Raw("<td>").Raw(t.Comparison switch
                    {
                        ProgramComparison.IgnoreWhitespace => "空白を無視",
                        ProgramComparison.Numeric => "数値（±" + t.Tolerance.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "）",
                        ProgramComparison.Deep => "構造",
                        _ => "完全一致",
                    }).Raw("</td><td>").Raw(Html.Num(t.Points)).Raw("</td><td>").Raw(t.Hidden ? "非公開" : "公開").Raw("</td>");
                }
                Raw("</tr>\n");
            }
            Raw("</tbody>\n</table>\n");
        }
        int hidden = tests.Count(t => t.Hidden);
        if (!Teacher && hidden > 0) Raw("<p class=\"cbt-note\">ほかに非公開のテストが ").Raw(Html.Num(hidden)).Raw(" 個あります。</p>\n");
        if (Teacher && !string.IsNullOrWhiteSpace(item.ReferenceSolution))
        {
            SectionStart(c, "solution", "cbt-solution", "参考解答");
            Raw("<pre><code class=\"language-javascript\">").Text(item.ReferenceSolution).Raw("</code></pre>\n</section>\n");
        }
    }

    /// <summary>Shows a JSON argument array without its outer brackets: <c>[3]</c> → <c>3</c>.</summary>
    private static string ArgumentsText(string json)
    {
        var s = json.Trim();
        return s.Length >= 2 && s[0] == '[' && s[^1] == ']' ? s[1..^1].Trim() : s;
    }

    // ---------------------------------------------------------------- survey

    private void Survey(Ctx c, SurveyItem item)
    {
        string name = c.Id("answer");
        string required = item.Required ? " required" : "";
        if (item.Required) Raw("<p class=\"cbt-note cbt-required\">かならず答えてください。</p>\n");
        switch (item.Kind)
        {
            case SurveyKind.Rating:
                {
                    var scale = item.Scale ?? new RatingScale(1, 5, []);
                    int count = Math.Clamp(scale.Max - scale.Min + 1, 0, 101);
                    var labels = scale.Labels.IsDefault ? [] : scale.Labels;
                    Raw("<fieldset class=\"cbt-rating\" aria-describedby=\"").Raw(c.PromptId).Raw("\">\n<legend class=\"cbt-legend\">あてはまるものを1つ選びましょう</legend>\n<ul class=\"cbt-rating-list\">\n");
                    for (int i = 0; i < count; i++)
                    {
                        int value = scale.Min + i;
                        string? label = labels.Length == count ? labels[i]
                            : labels.Length >= 2 && i == 0 ? labels[0]
                            : labels.Length >= 2 && i == count - 1 ? labels[^1]
                            : null;
                        string id = c.Id("rating-" + Html.Num(value).Replace('-', 'm'));
                        Raw("<li><input type=\"radio\" name=\"").Raw(name).Raw("\" id=\"").Raw(id).Raw("\" value=\"").Raw(Html.Num(value)).Raw("\"").Raw(required).Raw(">")
                            .Raw("<label for=\"").Raw(id).Raw("\"><span class=\"cbt-rating-value\">").Raw(Html.Num(value)).Raw("</span>");
                        if (label is not null) Raw("<span class=\"cbt-rating-label\">").Inline(label).Raw("</span>");
                        Raw("</label></li>\n");
                    }
                    Raw("</ul>\n</fieldset>\n");
                    break;
                }
            case SurveyKind.Choice:
            case SurveyKind.MultipleChoice:
                {
                    bool multiple = item.Kind == SurveyKind.MultipleChoice;
                    Raw("<fieldset class=\"cbt-choices\" aria-describedby=\"").Raw(c.PromptId).Raw("\">\n<legend class=\"cbt-legend\">")
                        .Raw(multiple ? "あてはまるものをすべて選びましょう" : "あてはまるものを<span class=\"cbt-tcy\">1</span>つ選びましょう").Raw("</legend>\n<ul class=\"cbt-choice-list\">\n");
                    foreach (var o in item.Options.IsDefault ? [] : item.Options)
                    {
                        string id = c.Id("option-" + Html.IdPart(o.Label));
                        Raw("<li class=\"cbt-choice\"><input type=\"").Raw(multiple ? "checkbox" : "radio").Raw("\" name=\"").Raw(name).Raw("\" id=\"").Raw(id)
                            .Raw("\" value=\"").Text(o.Label).Raw("\"").Raw(multiple ? "" : required).Raw("><label for=\"").Raw(id).Raw("\"><span class=\"cbt-choice-content\">")
                            .Inline(o.Content).Raw("</span></label></li>\n");
                    }
                    Raw("</ul>\n</fieldset>\n");
                    break;
                }
            default:
                Raw("<div class=\"cbt-response\"><label class=\"cbt-response-label\" for=\"").Raw(name).Raw("\">自由記述</label><textarea class=\"cbt-essay-input\" id=\"")
                    .Raw(name).Raw("\" name=\"").Raw(name).Raw("\" rows=\"5\" aria-describedby=\"").Raw(c.PromptId).Raw("\"").Raw(required).Raw("></textarea></div>\n");
                break;
        }
    }

    /// <summary>Per-item id scheme: every id starts with the item prefix, so ids are unique in a form page.</summary>
    private sealed class Ctx(string prefix)
    {
        public string PromptId { get; } = prefix + "-prompt";
        public string Id(string suffix) => prefix + "-" + suffix;
    }
}
