using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;
using Sendai.Cbt.Normalization;

namespace Sendai.Cbt.Qti;

/// <summary>
/// Writes the item model back as item files in the format of docs/item-format.md (YAML front matter + Markdown
/// body) and forms as YAML. The output parses back (with <c>ItemParser</c> / <c>FormParser</c>) to an equal model:
/// labels, display orders and points come out the same. Stateless and thread-safe.
/// </summary>
public static partial class MarkdownItemWriter
{
    /// <summary>The item file text (LF line ends, trailing newline).</summary>
    /// <param name="item">The item.</param>
    public static string Write(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var y = new YamlOut();
        var m = item.Metadata;
        y.Key("id", item.Id);
        y.Key("type", ItemNames.Key(item.Type));
        if (m.Title is not null) y.Key("title", m.Title);
        y.Key("subject", m.Subject);
        y.Raw("grade", m.Grade.ToString(CultureInfo.InvariantCulture));
        if (m.Domain is not null) y.Key("domain", m.Domain);
        if (m.Viewpoint is Viewpoint vp) y.Key("viewpoint", ItemNames.Japanese(vp));
        if (m.Format != ItemNames.DefaultFormat(item.Type)) y.Key("format", ItemNames.Japanese(m.Format));
        if (item.Type != ItemType.Survey && m.Points != ImpliedPoints(item)) y.Raw("points", Num(m.Points));
        if (m.Tags.Length > 0) y.Raw("tags", "[" + string.Join(", ", m.Tags.Select(YamlOut.Quote)) + "]");
        if (m.Curriculum is not null) y.Key("curriculum", m.Curriculum);
        if (item.Shuffle) y.Raw("shuffle", "true");
        if (item.Writing == WritingMode.Vertical) y.Raw("writing", "vertical");
        if (item.StimulusId is not null) y.Key("stimulus", item.StimulusId);

        var body = new StringBuilder();
        var prompt = item.Prompt.Trim();
        switch (item)
        {
            case ChoiceItem c:
                if (c.AllowMultiple && c.Scoring != MultipleScoring.AllOrNothing)
                    y.Raw("scoring", c.Scoring == MultipleScoring.PerChoice ? "per-choice" : "right-minus-wrong");
                WriteFirstOrLast(body, prompt, ChoiceList(c, BulletMarker(prompt)), structureFirst: HasLine(prompt, TaskLine()));
                break;
            case TextItem t:
                y.Raw("answers", "[" + string.Join(", ", t.Answers.Select(YamlOut.Quote)) + "]");
                if (t.PartialAnswers.Length > 0)
                {
                    y.Line("partial_answers:");
                    foreach (var p in t.PartialAnswers) y.Line($"  - answer: {YamlOut.Quote(p.Answer)}\n    points: {Num(p.Points)}");
                }
                if (t.KanjiRequired) y.Raw("kanji_required", "true");
                Normalize(y, t.Normalization);
                body.Append(prompt).Append('\n');
                break;
            case NumericItem n:
                y.Raw("answer", Num(n.Value));
                if (n.Tolerance != 0) y.Raw("tolerance", n.ToleranceKind == ToleranceKind.Relative ? YamlOut.Quote(Num(n.Tolerance * 100m) + "%") : Num(n.Tolerance));
                if (n.Unit is not null) y.Key("unit", n.Unit);
                body.Append(prompt).Append('\n');
                break;
            case OrderItem o:
                {
                    var byLabel = o.Entries.ToDictionary(e => e.Label, e => e.Content, StringComparer.Ordinal);
                    var delimiter = OrderedDelimiter(prompt);
                    var list = new StringBuilder();
                    for (int i = 0; i < o.CorrectOrder.Length; i++)
                        list.Append(CultureInfo.InvariantCulture, $"{i + 1}{delimiter} ").Append(Indent(byLabel[o.CorrectOrder[i]], "   ")).Append('\n');
                    WriteFirstOrLast(body, prompt, list.ToString(), structureFirst: false);
                    break;
                }
            case MatchItem mi:
                WriteFirstOrLast(body, prompt, MatchTable(mi), structureFirst: HasLine(prompt, TableLine()));
                break;
            case ClozeItem z:
                Normalize(y, z.Normalization);
                body.Append(prompt).Append('\n');
                break;
            case EssayItem e:
                {
                    if (e.MaxLength is int max) y.Raw("max_length", max.ToString(CultureInfo.InvariantCulture));
                    body.Append(prompt).Append("\n\n::: rubric\n");
                    foreach (var level in e.Rubric) body.Append("- ").Append(Num(level.Points)).Append(": ").Append(Indent(level.Descriptor, "  ")).Append('\n');
                    body.Append(":::\n");
                    if (e.ModelAnswer is not null) body.Append("\n::: model-answer\n").Append(e.ModelAnswer.Trim()).Append("\n:::\n");
                    break;
                }
            case ProgramItem p:
                {
                    y.Key("entry", p.EntryFunction);
                    y.Line("tests:");
                    foreach (var t in p.Tests)
                    {
                        y.Line("  - args: " + JsonToYamlFlow(t.ArgumentsJson));
                        y.Line("    expected: " + JsonToYamlFlow(t.ExpectedJson));
                        if (t.Points != 1m) y.Line("    points: " + Num(t.Points));
                        if (t.Hidden) y.Line("    hidden: true");
                        if (t.Comparison != ProgramComparison.Exact)
                            y.Line("    compare: " + (t.Comparison switch { ProgramComparison.IgnoreWhitespace => "whitespace", ProgramComparison.Numeric => "numeric", _ => "deep" }));
                        bool defaultTolerance = t.Comparison == ProgramComparison.Numeric ? t.Tolerance == 1e-9 : t.Tolerance == 0;
                        if (!defaultTolerance) y.Line("    tolerance: " + t.Tolerance.ToString("R", CultureInfo.InvariantCulture));
                        if (t.Description is not null) y.Line("    description: " + YamlOut.Quote(t.Description));
                    }
                    body.Append(prompt).Append('\n');
                    if (p.StarterCode.Length > 0) body.Append('\n').Append(Fence(p.StarterCode, "js starter"));
                    if (p.ReferenceSolution is not null) body.Append('\n').Append(Fence(p.ReferenceSolution, "js solution"));
                    break;
                }
            case SurveyItem s:
                {
                    y.Raw("survey", s.Kind switch { SurveyKind.Rating => "rating", SurveyKind.Choice => "choice", SurveyKind.MultipleChoice => "multiple", _ => "comment" });
                    if (s.Scale is { } scale)
                    {
                        var labels = scale.Labels.Length > 0 ? ", labels: [" + string.Join(", ", scale.Labels.Select(YamlOut.Quote)) + "]" : "";
                        y.Raw("scale", $"{{min: {scale.Min}, max: {scale.Max}{labels}}}");
                    }
                    if (s.Required) y.Raw("required", "true");
                    if (s.Kind is SurveyKind.Choice or SurveyKind.MultipleChoice)
                    {
                        var marker = BulletMarker(prompt);
                        var list = string.Concat(s.Options.Select(o => $"{marker} {Indent(o.Content, "  ")}\n"));
                        WriteFirstOrLast(body, prompt, list, structureFirst: false);
                    }
                    else if (prompt.Length > 0) body.Append(prompt).Append('\n');
                    break;
                }
            default:
                throw new ArgumentException($"unsupported item type {item.GetType().Name}", nameof(item));
        }
        foreach (var h in item.Hints) body.Append("\n::: hint\n").Append(h.Trim()).Append("\n:::\n");
        if (item.Explanation is not null) body.Append("\n::: explanation\n").Append(item.Explanation.Trim()).Append("\n:::\n");
        return "---\n" + y + "---\n\n" + body.ToString().TrimStart('\n');
    }

    /// <summary>The file text of a shared stimulus.</summary>
    /// <param name="stimulus">The stimulus.</param>
    public static string Write(Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(stimulus);
        var y = new YamlOut();
        y.Key("id", stimulus.Id);
        y.Raw("type", "stimulus");
        if (stimulus.Title is not null) y.Key("title", stimulus.Title);
        if (stimulus.Subject is not null) y.Key("subject", stimulus.Subject);
        if (stimulus.Grade is int g) y.Raw("grade", g.ToString(CultureInfo.InvariantCulture));
        if (stimulus.Writing == WritingMode.Vertical) y.Raw("writing", "vertical");
        return "---\n" + y + "---\n\n" + stimulus.Content.Trim() + "\n";
    }

    /// <summary>The YAML text of a test form.</summary>
    /// <param name="form">The form.</param>
    public static string Write(TestForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var y = new YamlOut();
        y.Key("id", form.Id);
        y.Raw("version", YamlOut.Quote(form.Version, force: true));
        y.Key("title", form.Title);
        if (form.Kind != FormKind.Test) y.Raw("kind", form.Kind.ToString().ToLowerInvariant());
        if (form.Subject is not null) y.Key("subject", form.Subject);
        if (form.Grade is int g) y.Raw("grade", g.ToString(CultureInfo.InvariantCulture));
        if (form.TimeLimit is TimeSpan t) y.Raw("time_limit", Num((decimal)t.TotalMinutes));
        if (form.ShuffleSections) y.Raw("shuffle_sections", "true");
        y.Line("sections:");
        foreach (var s in form.Sections)
        {
            y.Line("  - id: " + YamlOut.Quote(s.Id));
            if (s.Title is not null) y.Line("    title: " + YamlOut.Quote(s.Title));
            if (s.Instructions is not null) y.Line("    instructions: " + YamlOut.Quote(s.Instructions));
            if (s.ShuffleItems) y.Line("    shuffle: true");
            y.Line("    items:");
            foreach (var r in s.Items)
            {
                if (r.Weight == 1m) y.Line("      - " + YamlOut.Quote(r.ItemId));
                else y.Line($"      - id: {YamlOut.Quote(r.ItemId)}\n        weight: {Num(r.Weight)}");
            }
        }
        return y.ToString();
    }

    // ---- helpers ----

    internal static string Num(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    private static decimal ImpliedPoints(Item item) => item switch
    {
        MatchItem m => m.Pairs.Count,
        ClozeItem z => z.Blanks.Sum(b => b.Points),
        EssayItem e => e.Rubric.Length == 0 ? 1m : e.Rubric.Max(l => l.Points),
        ProgramItem p => p.Tests.Sum(t => t.Points),
        SurveyItem => 0m,
        _ => 1m,
    };

    private static void Normalize(YamlOut y, NormalizationOptions n)
    {
        var d = NormalizationOptions.Default;
        var parts = new List<string>();
        void Add(string key, bool value, bool def) { if (value != def) parts.Add($"  {key}: {(value ? "true" : "false")}"); }
        Add("width", n.Width, d.Width);
        Add("kana", n.KanaInsensitive, d.KanaInsensitive);
        Add("dash", n.LongVowelAndDashVariants, d.LongVowelAndDashVariants);
        Add("spaces", n.Spaces, d.Spaces);
        Add("ignore_all_spaces", n.IgnoreAllSpaces, d.IgnoreAllSpaces);
        Add("case", n.CaseInsensitive, d.CaseInsensitive);
        Add("punctuation", n.Punctuation, d.Punctuation);
        if (parts.Count == 0) return;
        y.Line("normalize:");
        foreach (var p in parts) y.Line(p);
    }

    private static string Indent(string text, string indent) => text.Trim().Replace("\n", "\n" + indent, StringComparison.Ordinal);

    private static void WriteFirstOrLast(StringBuilder body, string prompt, string structure, bool structureFirst)
    {
        if (prompt.Length == 0) { body.Append(structure); return; }
        if (structureFirst) body.Append(structure).Append('\n').Append(prompt).Append('\n');
        else body.Append(prompt).Append("\n\n").Append(structure);
    }

    private static bool HasLine(string text, Regex re) => text.Split('\n').Any(l => re.IsMatch(l));

    [GeneratedRegex(@"^\s*[-*+]\s+\[[ xX]\]")]
    private static partial Regex TaskLine();

    [GeneratedRegex(@"^\s*\|")]
    private static partial Regex TableLine();

    [GeneratedRegex(@"^\s{0,3}([-*+])\s")]
    private static partial Regex BulletLine();

    [GeneratedRegex(@"^\s{0,3}\d{1,9}([.)])\s")]
    private static partial Regex OrderedLine();

    /// <summary>A bullet marker that does not continue a bullet list at the end of the prompt.</summary>
    private static char BulletMarker(string prompt)
    {
        var last = LastNonBlankLine(prompt);
        var m = BulletLine().Match(last);
        return m.Success && m.Groups[1].Value == "-" ? '*' : '-';
    }

    private static char OrderedDelimiter(string prompt)
    {
        var m = OrderedLine().Match(LastNonBlankLine(prompt));
        return m.Success && m.Groups[1].Value == "." ? ')' : '.';
    }

    private static string LastNonBlankLine(string text) => text.Split('\n').LastOrDefault(l => l.Trim().Length > 0) ?? "";

    private static string ChoiceList(ChoiceItem c, char marker)
    {
        var sb = new StringBuilder();
        foreach (var ch in c.Choices)
        {
            sb.Append(marker).Append(ch.IsCorrect ? " [x] " : " [ ] ").Append(Indent(ch.Content, "  "));
            var attrs = new List<string>();
            if (ch.Fixed) attrs.Add("fixed");
            if (ch.Points is decimal p) attrs.Add("points=" + Num(p));
            if (attrs.Count > 0) sb.Append(" {").Append(string.Join(' ', attrs)).Append('}');
            sb.Append('\n');
            if (ch.Feedback is not null)
                foreach (var line in ch.Feedback.Trim().Split('\n')) sb.Append("  > ").Append(line).Append('\n');
        }
        return sb.ToString();
    }

    private static string MatchTable(MatchItem m)
    {
        // Right entries are listed in display order; the parser permutes the source rows with a fixed
        // permutation of the id, so write each right entry at the source row that lands on its label.
        int n = m.Right.Length;
        var display = DisplayOrder.Permutation(n, m.Id + "#right");
        var source = new LabeledEntry[n];
        for (int pos = 0; pos < n; pos++) source[display[pos]] = m.Right[pos];
        var leftOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var contentOfLeft = m.Left.ToDictionary(l => l.Label, l => l.Content, StringComparer.Ordinal);
        foreach (var (l, r) in m.Pairs) if (contentOfLeft.TryGetValue(l, out var content)) leftOf.TryAdd(r, content);
        var sb = new StringBuilder("| 問題 | 答え |\n| --- | --- |\n");
        foreach (var r in source)
        {
            var left = leftOf.TryGetValue(r.Label, out var lc) ? Cell(lc) : " ";
            sb.Append("| ").Append(left).Append(" | ").Append(Cell(r.Content)).Append(" |\n");
        }
        return sb.ToString();
    }

    private static string Cell(string s) => s.Replace("\n", " ", StringComparison.Ordinal).Trim();

    private static string Fence(string code, string info)
    {
        int longest = 0, run = 0;
        foreach (var ch in code) { run = ch == '`' ? run + 1 : 0; longest = Math.Max(longest, run); }
        var fence = new string('`', Math.Max(3, longest + 1));
        var text = code.EndsWith('\n') ? code : code + "\n";
        return fence + info + "\n" + text + fence + "\n";
    }

    /// <summary>JSON (from the model) as YAML flow syntax that the item parser reads back to the same JSON.</summary>
    internal static string JsonToYamlFlow(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var sb = new StringBuilder();
        Flow(doc.RootElement, sb);
        return sb.ToString();
    }

    private static void Flow(JsonElement e, StringBuilder sb)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Array:
                sb.Append('[');
                bool first = true;
                foreach (var c in e.EnumerateArray()) { if (!first) sb.Append(", "); first = false; Flow(c, sb); }
                sb.Append(']');
                break;
            case JsonValueKind.Object:
                sb.Append('{');
                bool f = true;
                foreach (var p in e.EnumerateObject()) { if (!f) sb.Append(", "); f = false; sb.Append(YamlOut.Quote(p.Name, force: true)).Append(": "); Flow(p.Value, sb); }
                sb.Append('}');
                break;
            case JsonValueKind.String:
                sb.Append(YamlOut.Quote(e.GetString()!, force: true));
                break;
            default:
                sb.Append(e.GetRawText());
                break;
        }
    }


    /// <summary>A tiny YAML emitter for front matter: one key per line, scalars quoted when needed.</summary>
    private sealed class YamlOut
    {
        private readonly StringBuilder _sb = new();
        public void Key(string key, string value) => _sb.Append(key).Append(": ").Append(Quote(value)).Append('\n');
        public void Raw(string key, string value) => _sb.Append(key).Append(": ").Append(value).Append('\n');
        public void Line(string line) => _sb.Append(line).Append('\n');
        public override string ToString() => _sb.ToString();

        public static string Quote(string s) => Quote(s, force: false);

        public static string Quote(string s, bool force)
        {
            if (!force && IsPlainSafe(s)) return s;
            var sb = new StringBuilder(s.Length + 2).Append('"');
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c == 0x7F) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }

        private static bool IsPlainSafe(string s)
        {
            if (s.Length == 0 || s.Trim() != s) return false;
            if (s.Any(c => c < 0x20 || ":#[]{},&*!|>'\"%@`\\?-~=<".Contains(c))) return false;
            if (char.IsAsciiDigit(s[0]) || s[0] == '.' || s[0] == '+') return false;
            var lower = s.ToLowerInvariant();
            if (lower is "true" or "false" or "yes" or "no" or "on" or "off" or "null" or "y" or "n") return false;
            // Full-width digits and signs are read as numbers by the parser's number reader.
            if (s.Any(c => c is >= '０' and <= '９' or '．' or '－' or '＋' or '−') && s.All(c => c is >= '０' and <= '９' or '．' or '－' or '＋' or '−' or ' ')) return false;
            return true;
        }
    }
}
