using System.Text.Json;
using System.Xml.Linq;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Extensions.Cloze;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Normalization;
using Sendai.Cbt.Qti.Xml;

namespace Sendai.Cbt.Qti.Export;

/// <summary>Builds one <c>qti-assessment-item</c> (3.0 names) from an item. One instance per item.</summary>
internal sealed class ItemExporter
{
    private static XName N(string n) => QtiXml.V3 + n;

    private readonly Item _item;
    private readonly QtiVersion _version;
    private readonly string _file;
    private readonly List<Diagnostic> _diagnostics;
    private readonly XhtmlWriter _xhtml;
    private readonly XhtmlWriter _plain;
    private readonly List<XElement> _responses = [];
    private readonly List<XElement> _outcomes = [];
    private readonly List<XElement> _body = [];
    private readonly List<XElement> _rubrics = [];
    private string? _template;
    private readonly List<XElement> _rules = [];
    private readonly List<XElement> _extraRules = [];

    public ItemExporter(Item item, QtiVersion version, List<Diagnostic> diagnostics)
    {
        _item = item;
        _version = version;
        _file = item.Source.File ?? item.Id;
        _diagnostics = diagnostics;
        _xhtml = new XhtmlWriter(_file, diagnostics, item is ClozeItem ? Blank : null);
        _plain = new XhtmlWriter(_file, diagnostics);
    }

    /// <summary>Relative image URLs used by the item.</summary>
    public IReadOnlyList<string> Media => [.. _xhtml.Media.Concat(_plain.Media).Distinct(StringComparer.Ordinal)];

    private string MatchCorrect => _version == QtiVersion.V3p0 ? Rp.MatchCorrectV3 : Rp.MatchCorrectV22;
    private string MapResponse => _version == QtiVersion.V3p0 ? Rp.MapResponseV3 : Rp.MapResponseV22;

    private void Info(string code, string message, Severity severity = Severity.Info) =>
        _diagnostics.Add(new Diagnostic(code, severity, _file, _item.Source.Line, _item.Source.Column, message));

    public XElement Build(string? stimulusHref, string? stimulusTitle)
    {
        var points = _item.Metadata.Points;
        switch (_item)
        {
            case ChoiceItem c: Choice(c, points); break;
            case TextItem t: Text(t, points); break;
            case NumericItem n: Numeric(n, points); break;
            case OrderItem o: Order(o, points); break;
            case MatchItem m: Match(m, points); break;
            case ClozeItem z: Cloze(z); break;
            case EssayItem e: Essay(e); break;
            case ProgramItem p: Program(p); break;
            case SurveyItem s: Survey(s); break;
        }
        if (_item.Hints.Length > 0)
        {
            foreach (var h in _item.Hints) _rubrics.Add(Rubric("tutor", "hint", "cbt-hint", _plain.Blocks(h)));
            Info(DiagnosticCodes.QtiLossyExport, "hints are exported as tutor-view rubric blocks (class cbt-hint); QTI players do not show them on request");
        }
        if (_item.Explanation is not null) _rubrics.Add(Rubric("tutor", "explanation", "cbt-explanation", _plain.Blocks(_item.Explanation)));

        var root = new XElement(N("qti-assessment-item"),
            new XAttribute(XNamespace.Xmlns + "xsi", QtiXml.Xsi),
            new XAttribute(XNamespace.Xmlns + "m", QtiXml.MathMl),
            new XAttribute(QtiXml.Xsi + "schemaLocation", $"{QtiXml.V3.NamespaceName} {QtiXml.V3Schema}"),
            new XAttribute("identifier", QtiXml.ItemIdentifier(_item.Id)),
            new XAttribute("title", _item.Metadata.Title ?? _item.Id),
            new XAttribute("adaptive", "false"),
            new XAttribute("time-dependent", "false"),
            new XAttribute("tool-name", "Sendai.Cbt"),
            new XAttribute(XNamespace.Xml + "lang", "ja"));
        root.Add(_responses);
        root.Add(Outcome("SCORE", 0m, external: _item is EssayItem ? "human" : _item is ProgramItem ? "externalMachine" : null));
        root.Add(Outcome("MAXSCORE", _item.Metadata.Points, null));
        root.Add(_outcomes);
        if (stimulusHref is not null && _item.StimulusId is not null)
        {
            var sref = new XElement(N("qti-assessment-stimulus-ref"), new XAttribute("identifier", QtiXml.ItemIdentifier(_item.StimulusId)), new XAttribute("href", stimulusHref));
            if (stimulusTitle is not null) sref.SetAttributeValue("title", stimulusTitle);
            root.Add(sref);
        }
        var body = new XElement(N("qti-item-body"));
        if (_item.Writing == WritingMode.Vertical) body.SetAttributeValue("class", "qti-writing-mode-vertical-rl");
        body.Add(_body);
        body.Add(_rubrics);
        root.Add(body);
        if (_template is not null && _extraRules.Count == 0)
        {
            root.Add(new XElement(N("qti-response-processing"), new XAttribute("template", _template)));
        }
        else if (_template is not null || _rules.Count > 0 || _extraRules.Count > 0)
        {
            var rules = _template == MatchCorrect ? Rp.MatchCorrectRules("RESPONSE")
                : _template == MapResponse ? Rp.MapResponseRules("RESPONSE") : _rules;
            root.Add(new XElement(N("qti-response-processing"), rules, _extraRules));
        }
        return root;
    }

    private static XElement Outcome(string id, decimal value, string? external)
    {
        var o = new XElement(N("qti-outcome-declaration"), new XAttribute("identifier", id), new XAttribute("cardinality", "single"), new XAttribute("base-type", "float"));
        if (external is not null) o.SetAttributeValue("external-scored", external);
        o.Add(new XElement(N("qti-default-value"), new XElement(N("qti-value"), QtiXml.Invariant(value))));
        return o;
    }

    private static XElement Rubric(string view, string use, string cls, IEnumerable<XNode> content) =>
        new(N("qti-rubric-block"), new XAttribute("use", use), new XAttribute("view", view), new XAttribute("class", cls),
            new XElement(N("qti-content-body"), content));

    private static XElement Response(string id, string cardinality, string baseType, IEnumerable<string>? correct = null, XElement? mapping = null)
    {
        var r = new XElement(N("qti-response-declaration"), new XAttribute("identifier", id), new XAttribute("cardinality", cardinality), new XAttribute("base-type", baseType));
        var values = correct?.ToList();
        if (values is { Count: > 0 }) r.Add(new XElement(N("qti-correct-response"), values.Select(v => new XElement(N("qti-value"), v))));
        if (mapping is not null) r.Add(mapping);
        return r;
    }

    private static XElement Mapping(IEnumerable<(string Key, decimal Value)> entries, decimal? lower = 0m, decimal? upper = null, bool caseSensitive = true)
    {
        var m = new XElement(N("qti-mapping"), new XAttribute("default-value", "0"));
        if (lower is decimal l) m.SetAttributeValue("lower-bound", QtiXml.Invariant(l));
        if (upper is decimal u) m.SetAttributeValue("upper-bound", QtiXml.Invariant(u));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (k, v) in entries)
        {
            if (!seen.Add(caseSensitive ? k : k.ToLowerInvariant())) continue;
            var e = new XElement(N("qti-map-entry"), new XAttribute("map-key", k), new XAttribute("mapped-value", QtiXml.Invariant(v)));
            if (!caseSensitive) e.SetAttributeValue("case-sensitive", "false");
            m.Add(e);
        }
        return m;
    }

    private void Prompt() => _body.AddRange(_xhtml.Blocks(_item.Prompt).OfType<XElement>());

    private static string Classes(params string?[] tokens) => string.Join(' ', tokens.Where(t => !string.IsNullOrEmpty(t)));

    private static string PointsClass(decimal? p) => p is decimal d ? "cbt-points-" + QtiXml.Invariant(d) : "";

    // ---- choice ----

    private void Choice(ChoiceItem c, decimal points)
    {
        Prompt();
        string rid = "RESPONSE";
        var correct = c.Choices.Where(x => x.IsCorrect).Select(x => x.Label).ToList();
        string scoringClass = "";
        XElement? mapping = null;
        if (!c.AllowMultiple)
        {
            bool partial = c.Choices.Any(x => !x.IsCorrect && x.Points is > 0);
            if (points == 1 && !partial) _template = MatchCorrect;
            else
            {
                mapping = Mapping(c.Choices.Select(x => (x.Label, x.IsCorrect ? points : x.Points ?? 0m)).Where(e => e.Item2 != 0));
                _template = MapResponse;
            }
        }
        else
        {
            var weights = c.Choices.Select(x => x.Points ?? 1m).ToList();
            var total = weights.Sum();
            decimal Share(int i) => total == 0 ? 0 : points * weights[i] / total;
            switch (c.Scoring)
            {
                case MultipleScoring.AllOrNothing:
                    if (points == 1) _template = MatchCorrect;
                    else _rules.Add(Rp.If(Rp.Match(Rp.Var(rid), Rp.Correct(rid)), [Rp.SetScore(Rp.Float(points))], [Rp.SetScore(Rp.Float(0))]));
                    break;
                case MultipleScoring.RightMinusWrong:
                    scoringClass = "cbt-scoring-right-minus-wrong";
                    mapping = Mapping(c.Choices.Select((x, i) => (x.Label, x.IsCorrect ? Share(i) : -Share(i))), 0m, points);
                    _template = MapResponse;
                    break;
                case MultipleScoring.PerChoice:
                    {
                        scoringClass = "cbt-scoring-per-choice";
                        var perChoice = new List<XElement> { Rp.SetScore(Rp.Float(0)) };
                        for (int i = 0; i < c.Choices.Length; i++)
                        {
                            var member = Rp.Member(Rp.Ident(c.Choices[i].Label), Rp.Var(rid));
                            perChoice.Add(Rp.If(c.Choices[i].IsCorrect ? member : Rp.Not(member), [Rp.AddScore(Rp.Float(Share(i)))]));
                        }
                        _rules.Add(Rp.If(Rp.IsNull(Rp.Var(rid)), [Rp.SetScore(Rp.Float(0))], perChoice));
                        break;
                    }
            }
            if (c.Choices.Any(x => x.Points is not null))
                Info(DiagnosticCodes.QtiLossyExport, "choice weights are folded into the QTI scoring rules; the weights themselves are kept as cbt-points-* classes");
        }
        _responses.Add(Response(rid, c.AllowMultiple ? "multiple" : "single", "identifier", correct, mapping));
        var interaction = new XElement(N("qti-choice-interaction"),
            new XAttribute("response-identifier", rid),
            new XAttribute("shuffle", c.Shuffle ? "true" : "false"),
            new XAttribute("max-choices", c.AllowMultiple ? "0" : "1"),
            new XAttribute("min-choices", "0"));
        if (scoringClass.Length > 0) interaction.SetAttributeValue("class", scoringClass);
        bool feedback = false;
        foreach (var ch in c.Choices)
        {
            var sc = new XElement(N("qti-simple-choice"), new XAttribute("identifier", ch.Label));
            if (ch.Fixed) sc.SetAttributeValue("fixed", "true");
            if (ch.Points is not null) sc.SetAttributeValue("class", PointsClass(ch.Points));
            sc.Add(_plain.Inline(ch.Content));
            if (ch.Feedback is not null)
            {
                feedback = true;
                sc.Add(new XElement(N("qti-feedback-inline"), new XAttribute("outcome-identifier", "FEEDBACK"), new XAttribute("identifier", ch.Label),
                    new XAttribute("show-hide", "show"), new XAttribute("class", "cbt-feedback"), _plain.Inline(ch.Feedback)));
            }
            interaction.Add(sc);
        }
        _body.Add(interaction);
        if (feedback)
        {
            _outcomes.Add(new XElement(N("qti-outcome-declaration"), new XAttribute("identifier", "FEEDBACK"),
                new XAttribute("cardinality", c.AllowMultiple ? "multiple" : "single"), new XAttribute("base-type", "identifier")));
            _extraRules.Add(Rp.Set("FEEDBACK", Rp.Var(rid)));
        }
    }

    // ---- text and numeric ----

    internal static string NormalizationClasses(NormalizationOptions n)
    {
        var d = NormalizationOptions.Default;
        return Classes(
            n.Width == d.Width ? null : n.Width ? "cbt-norm-width" : "cbt-norm-width-off",
            n.KanaInsensitive == d.KanaInsensitive ? null : n.KanaInsensitive ? "cbt-norm-kana" : "cbt-norm-kana-off",
            n.LongVowelAndDashVariants == d.LongVowelAndDashVariants ? null : n.LongVowelAndDashVariants ? "cbt-norm-dash" : "cbt-norm-dash-off",
            n.Spaces == d.Spaces ? null : n.Spaces ? "cbt-norm-spaces" : "cbt-norm-spaces-off",
            n.IgnoreAllSpaces == d.IgnoreAllSpaces ? null : n.IgnoreAllSpaces ? "cbt-norm-ignore-spaces" : "cbt-norm-ignore-spaces-off",
            n.CaseInsensitive == d.CaseInsensitive ? null : n.CaseInsensitive ? "cbt-norm-case" : "cbt-norm-case-off",
            n.Punctuation == d.Punctuation ? null : n.Punctuation ? "cbt-norm-punctuation" : "cbt-norm-punctuation-off");
    }

    private void Text(TextItem t, decimal points)
    {
        Prompt();
        var entries = t.Answers.Select(a => (a, points)).Concat(t.PartialAnswers.Select(p => (p.Answer, p.Points)));
        _responses.Add(Response("RESPONSE", "single", "string", [t.Answers[0]], Mapping(entries, 0m, points, caseSensitive: !t.Normalization.CaseInsensitive)));
        _template = MapResponse;
        var cls = Classes(NormalizationClasses(t.Normalization), t.KanjiRequired ? "cbt-kanji-required" : null);
        var te = new XElement(N("qti-text-entry-interaction"), new XAttribute("response-identifier", "RESPONSE"));
        if (cls.Length > 0) te.SetAttributeValue("class", cls);
        _body.Add(new XElement(N("p"), te));
        Info(DiagnosticCodes.QtiLossyExport, "answer normalisation (width, kana, long vowels, spaces) has no QTI equivalent: other players compare answers exactly (case per mapping); the switches are kept as cbt-norm-* classes");
    }

    private void Numeric(NumericItem n, decimal points)
    {
        Prompt();
        _responses.Add(Response("RESPONSE", "single", "float", [QtiXml.Invariant(n.Value)]));
        _rules.Add(Rp.If(Rp.IsNull(Rp.Var("RESPONSE")), [Rp.SetScore(Rp.Float(0))],
            [Rp.If(Rp.Equal(Rp.Var("RESPONSE"), Rp.Correct("RESPONSE"), n.Tolerance, n.ToleranceKind == ToleranceKind.Relative),
                [Rp.SetScore(Rp.Float(points))], [Rp.SetScore(Rp.Float(0))])]));
        var p = new XElement(N("p"), new XElement(N("qti-text-entry-interaction"), new XAttribute("response-identifier", "RESPONSE"), new XAttribute("class", "cbt-numeric")));
        if (n.Unit is not null) p.Add(" ", new XElement(N("span"), new XAttribute("class", "cbt-unit"), n.Unit));
        _body.Add(p);
        Info(DiagnosticCodes.QtiLossyExport, "numeric answers: QTI players accept only plain numbers (no full-width digits, 1,234 or 漢数字)");
    }

    // ---- order and match ----

    private void Order(OrderItem o, decimal points)
    {
        Prompt();
        _responses.Add(Response("RESPONSE", "ordered", "identifier", o.CorrectOrder));
        if (points == 1) _template = MatchCorrect;
        else _rules.Add(Rp.If(Rp.Match(Rp.Var("RESPONSE"), Rp.Correct("RESPONSE")), [Rp.SetScore(Rp.Float(points))], [Rp.SetScore(Rp.Float(0))]));
        var inter = new XElement(N("qti-order-interaction"), new XAttribute("response-identifier", "RESPONSE"), new XAttribute("shuffle", o.Shuffle ? "true" : "false"));
        foreach (var e in o.Entries) inter.Add(new XElement(N("qti-simple-choice"), new XAttribute("identifier", e.Label), _plain.Inline(e.Content)));
        _body.Add(inter);
    }

    internal static string RightId(string label) => "R" + label;

    private void Match(MatchItem m, decimal points)
    {
        Prompt();
        var pairs = m.Left.Where(l => m.Pairs.ContainsKey(l.Label)).Select(l => l.Label + " " + RightId(m.Pairs[l.Label])).ToList();
        decimal each = pairs.Count == 0 ? 0 : points / pairs.Count;
        _responses.Add(Response("RESPONSE", "multiple", "directedPair", pairs, Mapping(pairs.Select(p => (p, each)), 0m, points)));
        _template = MapResponse;
        var inter = new XElement(N("qti-match-interaction"), new XAttribute("response-identifier", "RESPONSE"),
            new XAttribute("shuffle", m.Shuffle ? "true" : "false"), new XAttribute("max-associations", m.Left.Length));
        inter.Add(new XElement(N("qti-simple-match-set"), m.Left.Select(l =>
            new XElement(N("qti-simple-associable-choice"), new XAttribute("identifier", l.Label), new XAttribute("match-max", "1"), _plain.Inline(l.Content)))));
        inter.Add(new XElement(N("qti-simple-match-set"), m.Right.Select(r =>
            new XElement(N("qti-simple-associable-choice"), new XAttribute("identifier", RightId(r.Label)), new XAttribute("match-max", m.Left.Length), _plain.Inline(r.Content)))));
        _body.Add(inter);
    }

    // ---- cloze ----

    private ClozeItem Z => (ClozeItem)_item;

    private XElement Blank(ClozeBlankInline inline)
    {
        var z = Z;
        // Number blanks in source order exactly like the item parser does.
        int number = ++_blankCounter;
        var blank = z.Blanks.FirstOrDefault(b => b.Number == number);
        if (blank is null)
        {
            var parsed = BlankSyntaxProxy.Parse(inline.Raw, number);
            if (parsed is null) return new XElement(N("span"), "[[" + inline.Raw + "]]");
            blank = parsed;
        }
        string rid = "RESPONSE_" + number;
        var cls = Classes(blank.Points != 1m ? PointsClass(blank.Points) : null);
        switch (blank)
        {
            case TextBlank tb:
                {
                    _responses.Add(Response(rid, "single", "string", [tb.Answers[0]], Mapping(tb.Answers.Select(a => (a, tb.Points)), 0m, tb.Points, !z.Normalization.CaseInsensitive)));
                    _rules.Add(Rp.If(Rp.Not(Rp.IsNull(Rp.Var(rid))), [Rp.AddScore(Rp.MapResponse(rid))]));
                    var te = new XElement(N("qti-text-entry-interaction"), new XAttribute("response-identifier", rid));
                    var c = Classes(cls, number == 1 ? NormalizationClasses(z.Normalization) : null);
                    if (c.Length > 0) te.SetAttributeValue("class", c);
                    return te;
                }
            case NumericBlank nb:
                {
                    _responses.Add(Response(rid, "single", "float", [QtiXml.Invariant(nb.Value)]));
                    _rules.Add(Rp.If(Rp.Not(Rp.IsNull(Rp.Var(rid))),
                        [Rp.If(Rp.Equal(Rp.Var(rid), Rp.Correct(rid), nb.Tolerance, false), [Rp.AddScore(Rp.Float(nb.Points))])]));
                    var te = new XElement(N("qti-text-entry-interaction"), new XAttribute("response-identifier", rid), new XAttribute("class", Classes("cbt-numeric", cls)));
                    if (nb.Unit is null) return te;
                    return new XElement(N("span"), new XAttribute("class", "cbt-blank"), te, " ", new XElement(N("span"), new XAttribute("class", "cbt-unit"), nb.Unit));
                }
            case ChoiceBlank cb:
                {
                    string Opt(int k) => $"B{number}_{k + 1}";
                    _responses.Add(Response(rid, "single", "identifier", [Opt(cb.CorrectIndex)]));
                    _rules.Add(Rp.If(Rp.Match(Rp.Var(rid), Rp.Correct(rid)), [Rp.AddScore(Rp.Float(cb.Points))]));
                    var ic = new XElement(N("qti-inline-choice-interaction"), new XAttribute("response-identifier", rid), new XAttribute("shuffle", z.Shuffle ? "true" : "false"));
                    if (cls.Length > 0) ic.SetAttributeValue("class", cls);
                    for (int k = 0; k < cb.Options.Length; k++) ic.Add(new XElement(N("qti-inline-choice"), new XAttribute("identifier", Opt(k)), cb.Options[k]));
                    return ic;
                }
            default:
                return new XElement(N("span"), "[[" + inline.Raw + "]]");
        }
    }

    private int _blankCounter;

    private void Cloze(ClozeItem z)
    {
        _rules.Add(Rp.SetScore(Rp.Float(0)));
        Prompt();
        if (z.Blanks.Any(b => b is TextBlank)) Info(DiagnosticCodes.QtiLossyExport, "answer normalisation of text blanks has no QTI equivalent; kept as cbt-norm-* classes");
    }

    // ---- constructed response ----

    private void Essay(EssayItem e)
    {
        Prompt();
        _responses.Add(Response("RESPONSE", "single", "string"));
        var inter = new XElement(N("qti-extended-text-interaction"), new XAttribute("response-identifier", "RESPONSE"));
        if (e.MaxLength is int max) inter.SetAttributeValue("expected-length", max);
        _body.Add(inter);
        var list = new XElement(N("ul"), new XAttribute("class", "cbt-rubric"));
        foreach (var level in e.Rubric)
            list.Add(new XElement(N("li"), new XElement(N("span"), new XAttribute("class", "cbt-rubric-points"), QtiXml.Invariant(level.Points)), "点: ", _plain.Inline(level.Descriptor)));
        _rubrics.Add(Rubric("scorer", "rubric", "cbt-rubric", [list]));
        if (e.ModelAnswer is not null) _rubrics.Add(Rubric("scorer", "model-answer", "cbt-model-answer", _plain.Blocks(e.ModelAnswer)));
    }

    private void Program(ProgramItem p)
    {
        Prompt();
        var decl = Response("RESPONSE", "single", "string");
        if (p.StarterCode.Length > 0) decl.Add(new XElement(N("qti-default-value"), new XElement(N("qti-value"), p.StarterCode)));
        _responses.Add(decl);
        _body.Add(new XElement(N("qti-extended-text-interaction"), new XAttribute("response-identifier", "RESPONSE"), new XAttribute("format", "preformatted"), new XAttribute("class", "cbt-program")));
        _rubrics.Add(Rubric("scorer", "program", "cbt-program", [new XElement(N("pre"), ProgramSpec.ToJson(p))]));
        Info(DiagnosticCodes.QtiProgramAsExtendedText, "program item exported as an extended-text item: QTI players cannot run the tests; they are kept for scorers in a rubric block (class cbt-program)", Severity.Warning);
    }

    private void Survey(SurveyItem s)
    {
        Prompt();
        switch (s.Kind)
        {
            case SurveyKind.Comment:
                {
                    _responses.Add(Response("RESPONSE", "single", "string"));
                    var inter = new XElement(N("qti-extended-text-interaction"), new XAttribute("response-identifier", "RESPONSE"), new XAttribute("class", "cbt-survey"));
                    if (s.Required) inter.SetAttributeValue("min-strings", "1");
                    _body.Add(inter);
                    break;
                }
            case SurveyKind.Rating:
                {
                    var scale = s.Scale!;
                    _responses.Add(Response("RESPONSE", "single", "identifier"));
                    var inter = new XElement(N("qti-choice-interaction"), new XAttribute("response-identifier", "RESPONSE"), new XAttribute("shuffle", "false"),
                        new XAttribute("max-choices", "1"), new XAttribute("min-choices", s.Required ? "1" : "0"), new XAttribute("class", "cbt-survey cbt-survey-rating"));
                    int count = scale.Max - scale.Min + 1;
                    for (int v = scale.Min; v <= scale.Max; v++)
                    {
                        var sc = new XElement(N("qti-simple-choice"), new XAttribute("identifier", RatingId(v)),
                            new XElement(N("span"), new XAttribute("class", "cbt-scale-value"), v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                        string? label = scale.Labels.Length == count ? scale.Labels[v - scale.Min]
                            : scale.Labels.Length == 2 && v == scale.Min ? scale.Labels[0]
                            : scale.Labels.Length == 2 && v == scale.Max ? scale.Labels[1] : null;
                        if (label is not null) sc.Add(" ", new XElement(N("span"), new XAttribute("class", "cbt-scale-label"), label));
                        inter.Add(sc);
                    }
                    _body.Add(inter);
                    break;
                }
            default:
                {
                    bool multi = s.Kind == SurveyKind.MultipleChoice;
                    _responses.Add(Response("RESPONSE", multi ? "multiple" : "single", "identifier"));
                    var inter = new XElement(N("qti-choice-interaction"), new XAttribute("response-identifier", "RESPONSE"), new XAttribute("shuffle", s.Shuffle ? "true" : "false"),
                        new XAttribute("max-choices", multi ? "0" : "1"), new XAttribute("min-choices", s.Required ? "1" : "0"), new XAttribute("class", "cbt-survey"));
                    foreach (var o in s.Options) inter.Add(new XElement(N("qti-simple-choice"), new XAttribute("identifier", o.Label), _plain.Inline(o.Content)));
                    _body.Add(inter);
                    break;
                }
        }
    }

    internal static string RatingId(int v) => v < 0 ? "Vm" + (-v).ToString(System.Globalization.CultureInfo.InvariantCulture) : "V" + v.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Reaches the item parser's blank syntax (internal to the Markdown assembly).</summary>
internal static class BlankSyntaxProxy
{
    public static ClozeBlank? Parse(string raw, int number) => BlankSyntax.Parse(raw, number, default, out _);
}

/// <summary>The JSON kept in a program item's scorer rubric block so that our import restores the item exactly.</summary>
internal static class ProgramSpec
{
    public static string ToJson(ProgramItem p)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("language", p.Language);
            w.WriteString("entry", p.EntryFunction);
            w.WriteString("starter", p.StarterCode);
            if (p.ReferenceSolution is not null) w.WriteString("solution", p.ReferenceSolution);
            w.WriteStartArray("tests");
            foreach (var t in p.Tests)
            {
                w.WriteStartObject();
                w.WritePropertyName("args");
                using (var a = JsonDocument.Parse(t.ArgumentsJson)) a.RootElement.WriteTo(w);
                w.WritePropertyName("expected");
                using (var e = JsonDocument.Parse(t.ExpectedJson)) e.RootElement.WriteTo(w);
                w.WriteNumber("points", t.Points);
                if (t.Hidden) w.WriteBoolean("hidden", true);
                if (t.Comparison != ProgramComparison.Exact) w.WriteString("compare", t.Comparison switch
                {
                    ProgramComparison.IgnoreWhitespace => "whitespace",
                    ProgramComparison.Numeric => "numeric",
                    _ => "deep",
                });
                if (t.Tolerance != 0) w.WriteNumber("tolerance", t.Tolerance);
                if (t.Description is not null) w.WriteString("description", t.Description);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }
}
