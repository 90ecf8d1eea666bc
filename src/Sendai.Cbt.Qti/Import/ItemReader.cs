using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Items;
using Sendai.Cbt.Normalization;
using Sendai.Cbt.Qti.Xml;

namespace Sendai.Cbt.Qti.Import;

/// <summary>Metadata read from the manifest's LOM for one resource.</summary>
internal sealed record ResourceMeta
{
    public string? Id { get; init; }
    public string? Title { get; init; }
    public string? Subject { get; init; }
    public int? Grade { get; init; }
    public string? Domain { get; init; }
    public string? Viewpoint { get; init; }
    public string? Format { get; init; }
    public string? Curriculum { get; init; }
    public string? Version { get; init; }
    public string? Kind { get; init; }
    public ImmutableArray<string> Tags { get; init; } = [];
}

/// <summary>Reads one <c>qti-assessment-item</c> (already in 3.0 names) into the item model.</summary>
internal sealed class ItemReader
{
    private static XName N(string n) => QtiXml.V3 + n;

    private sealed record Decl(string Id, string Cardinality, string BaseType, List<string> Correct, List<(string Key, decimal Value)> Map, decimal? Upper, List<string> Default, bool CaseSensitive);

    private readonly string _file;
    private readonly XElement _root;
    private readonly List<Diagnostic> _diagnostics;
    private readonly Dictionary<string, Decl> _decls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _units = new(StringComparer.Ordinal);
    private readonly HtmlToMarkdown _md;
    private decimal? _maxScore;
    private RpTemplate _template;

    public ItemReader(string file, XElement root, List<Diagnostic> diagnostics)
    {
        _file = file;
        _root = root;
        _diagnostics = diagnostics;
        _md = new HtmlToMarkdown { Unsupported = (el, what) => Report(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, $"<{el}>: {what}"), Special = Special };
    }

    private void Report(string code, Severity severity, string message, XObject? at = null)
    {
        var li = at as System.Xml.IXmlLineInfo;
        _diagnostics.Add(new Diagnostic(code, severity, _file, li?.LineNumber ?? 0, li?.LinePosition ?? 0, message));
    }

    private static decimal? Dec(string? s) => decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static bool HasClass(XElement e, string cls) => (e.Attribute("class")?.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(cls, StringComparer.Ordinal);

    private static decimal? PointsClass(XElement e) =>
        (e.Attribute("class")?.Value ?? "").Split(' ').Where(c => c.StartsWith("cbt-points-", StringComparison.Ordinal)).Select(c => Dec(c["cbt-points-".Length..])).FirstOrDefault();

    /// <summary>The stimulus href, when the item references one.</summary>
    public string? StimulusHref => _root.Element(N("qti-assessment-stimulus-ref"))?.Attribute("href")?.Value;

    public Item? Read(string id, ResourceMeta meta, string? stimulusId)
    {
        foreach (var d in _root.Elements(N("qti-response-declaration"))) ReadDecl(d);
        foreach (var o in _root.Elements(N("qti-outcome-declaration")))
        {
            if (o.Attribute("identifier")?.Value == "MAXSCORE") _maxScore = Dec(o.Element(N("qti-default-value"))?.Element(N("qti-value"))?.Value);
        }
        foreach (var other in _root.Elements().Where(e => e.Name.LocalName is "qti-template-declaration" or "qti-template-processing" or "qti-modal-feedback" or "qti-companion-materials-info"))
            Report(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, $"<{other.Name.LocalName}> has no equivalent in the item model; it is left out", other);
        var rp = _root.Element(N("qti-response-processing"));
        _template = TemplateUrls.Classify(rp?.Attribute("template")?.Value);
        if (_template == RpTemplate.Unknown)
            Report(DiagnosticCodes.QtiUnknownTemplate, Severity.Warning, $"response-processing template '{rp!.Attribute("template")!.Value}' is not a standard template; scoring is derived from the correct response", rp);
        var body = _root.Element(N("qti-item-body"));
        if (body is null)
        {
            Report(DiagnosticCodes.QtiMissingReference, Severity.Error, "the item has no qti-item-body; it is skipped", _root);
            return null;
        }
        body = new XElement(body); // work on a copy
        var writing = HasClass(body, "qti-writing-mode-vertical-rl") || body.Elements().Any(e => e.Name == N("div") && HasClass(e, "qti-writing-mode-vertical-rl"))
            ? WritingMode.Vertical : WritingMode.Horizontal;

        // Rubric blocks, feedback and other non-content.
        var hints = new List<string>();
        string? explanation = null, modelAnswer = null;
        XElement? rubricList = null, programSpec = null;
        var scorerText = new List<string>();
        foreach (var rb in body.Descendants(N("qti-rubric-block")).ToList())
        {
            var content = rb.Element(N("qti-content-body"))?.Nodes() ?? rb.Nodes();
            var view = rb.Attribute("view")?.Value ?? "";
            if (HasClass(rb, "cbt-hint")) hints.Add(_md.Blocks(content));
            else if (HasClass(rb, "cbt-explanation")) explanation = _md.Blocks(content);
            else if (HasClass(rb, "cbt-rubric")) rubricList = rb.Descendants(N("ul")).FirstOrDefault();
            else if (HasClass(rb, "cbt-model-answer")) modelAnswer = _md.Blocks(content);
            else if (HasClass(rb, "cbt-program")) programSpec = rb.Descendants(N("pre")).FirstOrDefault();
            else if (view.Split(' ').Contains("candidate")) { rb.ReplaceWith(new XElement(N("div"), content)); continue; }
            else if (view.Split(' ').Contains("scorer")) scorerText.Add(_md.Blocks(content));
            else
            {
                explanation = (explanation is null ? "" : explanation + "\n\n") + _md.Blocks(content);
                Report(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, $"<qti-rubric-block view=\"{view}\"> is imported as the explanation (解説)", rb);
            }
            rb.Remove();
        }
        foreach (var fb in body.Descendants().Where(e => e.Name.LocalName is "qti-feedback-block" or "qti-template-block" or "qti-template-inline" or "qti-printed-variable" || (e.Name.LocalName == "qti-feedback-inline" && e.Parent?.Name != N("qti-simple-choice"))).ToList())
        {
            Report(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, $"<{fb.Name.LocalName}> has no equivalent in the item model; it is left out", fb);
            fb.Remove();
        }
        foreach (var blank in body.Descendants(N("span")).Where(s => HasClass(s, "cbt-blank")).ToList())
        {
            var inter = blank.Elements().FirstOrDefault(e => e.Name.LocalName.EndsWith("-interaction", StringComparison.Ordinal));
            var unit = blank.Elements(N("span")).FirstOrDefault(s => HasClass(s, "cbt-unit"));
            if (inter is not null && unit is not null && inter.Attribute("response-identifier")?.Value is { } rid) _units[rid] = unit.Value;
            if (inter is not null) blank.ReplaceWith(inter);
        }

        var interactions = body.Descendants().Where(e => e.Name.Namespace == QtiXml.V3 && e.Name.LocalName.EndsWith("-interaction", StringComparison.Ordinal)).ToList();
        if (interactions.Count == 0)
        {
            Report(DiagnosticCodes.QtiUnsupportedInteraction, Severity.Error, "the item has no interaction; it is skipped (use a stimulus for passages)", body);
            return null;
        }
        var supportedInline = new[] { "qti-text-entry-interaction", "qti-inline-choice-interaction" };
        var supportedBlock = new[] { "qti-choice-interaction", "qti-order-interaction", "qti-match-interaction", "qti-extended-text-interaction" };
        var unsupported = interactions.FirstOrDefault(i => !supportedInline.Contains(i.Name.LocalName) && !supportedBlock.Contains(i.Name.LocalName));
        if (unsupported is not null)
        {
            Report(DiagnosticCodes.QtiUnsupportedInteraction, Severity.Error, $"<{unsupported.Name.LocalName}> is not supported (supported: choice, order, match, text entry, extended text, inline choice); the item is skipped", unsupported);
            return null;
        }
        foreach (var i in interactions)
        {
            var rid = i.Attribute("response-identifier")?.Value;
            if (rid is null || !_decls.ContainsKey(rid))
            {
                Report(DiagnosticCodes.QtiMissingReference, Severity.Error, $"<{i.Name.LocalName}> refers to response '{rid}' that has no qti-response-declaration; the item is skipped", i);
                return null;
            }
        }

        Item? item;
        var blocks = interactions.Where(i => supportedBlock.Contains(i.Name.LocalName)).ToList();
        if (blocks.Count > 1 || (blocks.Count == 1 && interactions.Count > 1))
        {
            Report(DiagnosticCodes.QtiUnsupportedInteraction, Severity.Error, $"the item combines {interactions.Count} interactions ({string.Join(", ", interactions.Select(i => i.Name.LocalName).Distinct())}); only several inline blanks (cloze) can be combined; the item is skipped", body);
            return null;
        }
        var meta0 = new ItemMetadata { Subject = "", Grade = 1, Format = ItemFormat.Selected, Points = 0 };
        if (blocks.Count == 1)
        {
            var inter = blocks[0];
            _blockInteraction = inter;
            var prompt = _md.Blocks(body.Nodes());
            item = inter.Name.LocalName switch
            {
                "qti-choice-interaction" => Choice(inter, id, meta0, prompt),
                "qti-order-interaction" => Order(inter, id, meta0, prompt),
                "qti-match-interaction" => Match(inter, id, meta0, prompt),
                _ => Extended(inter, id, meta0, prompt, rubricList, modelAnswer, programSpec, scorerText),
            };
        }
        else if (interactions.Count == 1 && interactions[0].Name.LocalName == "qti-text-entry-interaction" && IsAloneInParagraph(interactions[0]))
        {
            var te = interactions[0];
            var p = te.Parent!;
            var unit = p.Elements(N("span")).FirstOrDefault(s => HasClass(s, "cbt-unit"))?.Value;
            p.Remove();
            var prompt = _md.Blocks(body.Nodes());
            item = ShortAnswer(te, id, meta0, prompt, unit);
        }
        else
        {
            _cloze = true;
            var prompt = _md.Blocks(body.Nodes());
            var norm = interactions.Select(NormalizationOf).FirstOrDefault(n => n is not null) ?? NormalizationOptions.Default;
            var caseSensitive = interactions.Where(i => i.Name.LocalName == "qti-text-entry-interaction").Select(i => _decls[i.Attribute("response-identifier")!.Value]).FirstOrDefault(d => d.Map.Count > 0)?.CaseSensitive;
            if (caseSensitive is bool cs && interactions.All(i => NormalizationOf(i) is null)) norm = norm with { CaseInsensitive = !cs };
            item = new ClozeItem
            {
                Id = id, Metadata = meta0 with { Points = _clozePoints }, Prompt = prompt,
                Blanks = [], // filled by the parser from the prompt
                Normalization = norm,
                Shuffle = interactions.Any(i => i.Name.LocalName == "qti-inline-choice-interaction" && i.Attribute("shuffle")?.Value == "true"),
            };
        }
        if (item is null) return null;
        if (scorerText.Count > 0 && item is not EssayItem)
        {
            Report(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, "scorer rubric blocks of a non-essay item are imported as the explanation (解説)");
            explanation = string.Join("\n\n", new[] { explanation }.Concat(scorerText).OfType<string>());
        }
        var points = _maxScore ?? item.Metadata.Points;
        if (item is SurveyItem) points = 0;
        var m = new ItemMetadata
        {
            Subject = meta.Subject ?? "未分類",
            Grade = meta.Grade ?? 1,
            Domain = meta.Domain,
            Viewpoint = meta.Viewpoint is not null && ItemNames.TryParseViewpoint(meta.Viewpoint, out var vp) ? vp : null,
            Format = meta.Format is not null && ItemNames.TryParseFormat(meta.Format, out var f) ? f : ItemNames.DefaultFormat(item.Type),
            Points = points,
            Tags = meta.Tags,
            Curriculum = meta.Curriculum,
            Title = meta.Title ?? (_root.Attribute("title")?.Value is { } t && t != id && t.Trim().Length > 0 ? t : null),
        };
        if (meta.Subject is null || meta.Grade is null)
            Report(DiagnosticCodes.QtiMissingMetadata, Severity.Warning, $"no subject/grade metadata for the item; using subject '{m.Subject}' and grade {m.Grade} — edit the front matter");
        return item with
        {
            Metadata = m,
            Explanation = explanation,
            Hints = [.. hints],
            Writing = writing,
            StimulusId = stimulusId,
        };
    }

    private XElement? _blockInteraction;
    private bool _cloze;
    private decimal _clozePoints;
    private int _blankNumber;

    private static bool IsAloneInParagraph(XElement te)
    {
        var p = te.Parent;
        if (p is null || p.Name != N("p")) return false;
        if (te.Attribute("response-identifier")?.Value != "RESPONSE" && p.Parent?.Name != N("qti-item-body")) return false;
        foreach (var n in p.Nodes())
        {
            if (n == te) continue;
            if (n is XText t && t.Value.Trim().Length == 0) continue;
            if (n is XElement e && e.Name == N("span") && HasClass(e, "cbt-unit")) continue;
            return false;
        }
        return true;
    }

    private void ReadDecl(XElement d)
    {
        var id = d.Attribute("identifier")?.Value ?? "";
        var correct = d.Element(N("qti-correct-response"))?.Elements(N("qti-value")).Select(v => v.Value.Trim()).ToList() ?? [];
        var mapping = d.Element(N("qti-mapping"));
        var map = mapping?.Elements(N("qti-map-entry")).Select(e => (e.Attribute("map-key")?.Value ?? "", Dec(e.Attribute("mapped-value")?.Value) ?? 0m)).ToList() ?? [];
        bool caseSensitive = mapping?.Elements(N("qti-map-entry")).All(e => e.Attribute("case-sensitive")?.Value != "false") ?? true;
        var def = d.Element(N("qti-default-value"))?.Elements(N("qti-value")).Select(v => v.Value).ToList() ?? [];
        if (d.Element(N("qti-area-mapping")) is { } am) Report(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, "<qti-area-mapping> is not supported; it is left out", am);
        _decls[id] = new Decl(id, d.Attribute("cardinality")?.Value ?? "single", d.Attribute("base-type")?.Value ?? "identifier", correct, map, Dec(mapping?.Attribute("upper-bound")?.Value), def, caseSensitive);
    }

    private string? Special(XElement e)
    {
        if (e == _blockInteraction)
        {
            var prompt = e.Element(N("qti-prompt"));
            return prompt is null ? "" : _md.Blocks(prompt.Nodes());
        }
        if (_cloze && e.Name.LocalName is "qti-text-entry-interaction" or "qti-inline-choice-interaction") return Blank(e);
        return null;
    }

    private static string BlankText(string s) => s.Replace("|", "｜", StringComparison.Ordinal).Replace("@", "＠", StringComparison.Ordinal)
        .Replace("[", "［", StringComparison.Ordinal).Replace("]", "］", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Trim();

    private string Blank(XElement e)
    {
        _blankNumber++;
        var decl = _decls[e.Attribute("response-identifier")!.Value];
        var explicitPoints = PointsClass(e);
        string Suffix(decimal p) { _clozePoints += p; return p == 1m ? "" : "@" + Qti.MarkdownItemWriter.Num(p); }
        string Clean(string s)
        {
            var c = BlankText(s);
            if (c != s.Trim()) Report(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, $"blank {_blankNumber}: characters | @ [ ] in '{s}' are written full-width (the blank syntax reserves them)", e);
            return c;
        }
        if (e.Name.LocalName == "qti-inline-choice-interaction")
        {
            var options = e.Elements(N("qti-inline-choice")).ToList();
            var correct = decl.Correct.FirstOrDefault();
            if (options.Count < 2 || correct is null)
            {
                Report(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, $"blank {_blankNumber}: an inline choice needs two options and a correct response; written as a text blank", e);
                return "[[" + (options.Count > 0 ? Clean(options[0].Value) : "?") + "]]";
            }
            var parts = options.Select(o => (o.Attribute("identifier")?.Value == correct ? "*" : "") + Clean(o.Value));
            var pts = explicitPoints ?? (decl.Map.Count > 0 ? decl.Map.Max(m => m.Value) : 1m);
            return "[[?" + string.Join("|", parts) + Suffix(pts) + "]]";
        }
        if (decl.BaseType is "float" or "integer")
        {
            var value = decl.Correct.FirstOrDefault();
            if (value is null || Dec(value) is null)
            {
                Report(DiagnosticCodes.QtiScoringApproximated, Severity.Warning, $"blank {_blankNumber}: numeric response without a correct value; written as an empty text blank", e);
                return "[[?]]";
            }
            var (tol, relative) = Tolerance(decl.Id);
            if (relative) { tol = Math.Abs(Dec(value)!.Value) * tol / 100m; Report(DiagnosticCodes.QtiScoringApproximated, Severity.Info, $"blank {_blankNumber}: relative tolerance converted to an absolute one", e); }
            var unit = _units.GetValueOrDefault(decl.Id);
            var pts = explicitPoints ?? 1m;
            return "[[=" + Qti.MarkdownItemWriter.Num(Dec(value)!.Value) + (tol > 0 ? "~" + Qti.MarkdownItemWriter.Num(tol) : "") + (unit is null ? "" : " " + Clean(unit)) + Suffix(pts) + "]]";
        }
        var answers = decl.Correct.Concat(decl.Map.Where(m => m.Value > 0 && m.Value == decl.Map.Max(x => x.Value)).Select(m => m.Key)).Select(Clean).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (answers.Count == 0)
        {
            Report(DiagnosticCodes.QtiScoringApproximated, Severity.Warning, $"blank {_blankNumber}: no correct response; written as '?'", e);
            answers.Add("?");
        }
        if (decl.Map.Any(m => m.Value > 0 && m.Value < decl.Map.Max(x => x.Value)))
            Report(DiagnosticCodes.QtiScoringApproximated, Severity.Warning, $"blank {_blankNumber}: partial-credit map entries are not supported in cloze blanks; they are left out", e);
        var p2 = explicitPoints ?? (decl.Map.Count > 0 ? decl.Map.Max(m => m.Value) : 1m);
        return "[[" + string.Join("|", answers) + Suffix(p2) + "]]";
    }

    private (decimal Tolerance, bool Relative) Tolerance(string rid)
    {
        var rp = _root.Element(N("qti-response-processing"));
        var eq = rp?.Descendants(N("qti-equal")).FirstOrDefault(e => e.Elements().Any(c => c.Attribute("identifier")?.Value == rid));
        if (eq is null) return (0, false);
        var mode = eq.Attribute("tolerance-mode")?.Value ?? "exact";
        if (mode == "exact") return (0, false);
        var first = (eq.Attribute("tolerance")?.Value ?? "0").Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return (Dec(first) ?? 0m, mode == "relative");
    }

    internal static NormalizationOptions? NormalizationOf(XElement e)
    {
        var classes = (e.Attribute("class")?.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => c.StartsWith("cbt-norm-", StringComparison.Ordinal)).ToList();
        if (classes.Count == 0) return null;
        var n = NormalizationOptions.Default;
        foreach (var c in classes)
        {
            bool on = !c.EndsWith("-off", StringComparison.Ordinal);
            var key = on ? c["cbt-norm-".Length..] : c["cbt-norm-".Length..^4];
            n = key switch
            {
                "width" => n with { Width = on },
                "kana" => n with { KanaInsensitive = on },
                "dash" => n with { LongVowelAndDashVariants = on },
                "spaces" => n with { Spaces = on },
                "ignore-spaces" => n with { IgnoreAllSpaces = on },
                "case" => n with { CaseInsensitive = on },
                "punctuation" => n with { Punctuation = on },
                _ => n,
            };
        }
        return n;
    }

    private string Content(XElement choice)
    {
        var nodes = choice.Nodes().Where(n => n is not XElement e || e.Name.LocalName is not ("qti-feedback-inline" or "qti-feedback-block")).ToList();
        var blocks = nodes.OfType<XElement>().Count(HtmlToMarkdown.IsBlock);
        var text = blocks > 0 ? _md.Blocks(nodes) : _md.Inlines(nodes).Trim();
        if (blocks > 1) Report(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, $"choice '{choice.Attribute("identifier")?.Value}' has several blocks; they are joined into one paragraph", choice);
        text = string.Join("\n", text.Split('\n').Where(l => l.Trim().Length > 0).Select(l => l.Trim()));
        return text.Length == 0 ? "（空）" : text;
    }

    private static string Label(int i) => i < 26 ? ((char)('A' + i)).ToString() : "Z" + (i - 25);

    private Item? Choice(XElement inter, string id, ItemMetadata meta, string prompt)
    {
        var decl = _decls[inter.Attribute("response-identifier")!.Value];
        var choices = inter.Elements(N("qti-simple-choice")).ToList();
        bool survey = HasClass(inter, "cbt-survey") || decl.Correct.Count == 0;
        int maxChoices = int.TryParse(inter.Attribute("max-choices")?.Value, out var mc) ? mc : 1;
        bool multiple = decl.Cardinality == "multiple" || maxChoices != 1;
        if (survey)
        {
            if (!HasClass(inter, "cbt-survey")) Report(DiagnosticCodes.QtiScoringApproximated, Severity.Warning, "a choice interaction without a correct response is imported as an unscored survey question", inter);
            bool required = inter.Attribute("min-choices")?.Value is { } min && min != "0";
            if (HasClass(inter, "cbt-survey-rating"))
            {
                var values = choices.Select(c => int.TryParse(c.Descendants(N("span")).FirstOrDefault(s => HasClass(s, "cbt-scale-value"))?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null).ToList();
                var labels = choices.Select(c => c.Descendants(N("span")).FirstOrDefault(s => HasClass(s, "cbt-scale-label"))?.Value).ToList();
                if (values.All(v => v is not null) && values.Count >= 2)
                {
                    ImmutableArray<string> ls = labels.All(l => l is not null) ? [.. labels!] : labels[0] is not null && labels[^1] is not null && labels.Skip(1).SkipLast(1).All(l => l is null) ? [labels[0]!, labels[^1]!] : [];
                    return new SurveyItem { Id = id, Metadata = meta, Prompt = prompt, Kind = SurveyKind.Rating, Scale = new RatingScale(values[0]!.Value, values[^1]!.Value, ls), Required = required };
                }
            }
            return new SurveyItem
            {
                Id = id, Metadata = meta, Prompt = prompt, Kind = multiple ? SurveyKind.MultipleChoice : SurveyKind.Choice, Required = required,
                Shuffle = inter.Attribute("shuffle")?.Value == "true",
                Options = [.. choices.Select((c, i) => new LabeledEntry(Label(i), Content(c)))],
            };
        }
        if (!multiple && decl.Correct.Count > 1)
        {
            Report(DiagnosticCodes.QtiScoringApproximated, Severity.Warning, "a single-choice interaction with several correct values is imported as a multiple item", inter);
            multiple = true;
        }
        var ids = choices.Select(c => c.Attribute("identifier")?.Value ?? "").ToList();
        foreach (var v in decl.Correct.Where(v => !ids.Contains(v)))
            Report(DiagnosticCodes.QtiMissingReference, Severity.Warning, $"the correct response names choice '{v}', which does not exist; it is ignored", inter);
        var scoring = HasClass(inter, "cbt-scoring-per-choice") ? MultipleScoring.PerChoice : HasClass(inter, "cbt-scoring-right-minus-wrong") ? MultipleScoring.RightMinusWrong : MultipleScoring.AllOrNothing;
        bool ours = choices.Any(c => PointsClass(c) is not null) || scoring != MultipleScoring.AllOrNothing;
        var mapOf = decl.Map.GroupBy(m => m.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        if (multiple && !ours && decl.Map.Count > 0 && _template is not RpTemplate.MatchCorrect)
        {
            scoring = MultipleScoring.RightMinusWrong;
            Report(DiagnosticCodes.QtiScoringApproximated, Severity.Warning, "mapped scoring of a multiple-response item is imported as right-minus-wrong with weights from the mapped values", inter);
        }
        var list = new List<Choice>();
        for (int i = 0; i < choices.Count; i++)
        {
            var c = choices[i];
            bool correct = decl.Correct.Contains(ids[i]);
            decimal? pts = PointsClass(c);
            if (pts is null && !ours && mapOf.TryGetValue(ids[i], out var mv))
            {
                if (!multiple && !correct && mv > 0) pts = mv;
                if (multiple && scoring == MultipleScoring.RightMinusWrong && decl.Map.Select(m => Math.Abs(m.Value)).Distinct().Count() > 1) pts = Math.Abs(mv);
            }
            var fb = c.Elements(N("qti-feedback-inline")).FirstOrDefault();
            list.Add(new Choice(Label(i), Content(c), correct)
            {
                Fixed = c.Attribute("fixed")?.Value == "true",
                Points = pts,
                Feedback = fb is null ? null : _md.Inlines(fb.Nodes()).Trim() is { Length: > 0 } f ? f : null,
            });
        }
        decimal points = _maxScore ?? (decl.Map.Count > 0 ? decl.Upper ?? (multiple ? decl.Map.Where(m => m.Value > 0).Sum(m => m.Value) : decl.Map.Max(m => m.Value)) : 1m);
        return new ChoiceItem
        {
            Id = id, Metadata = meta with { Points = points }, Prompt = prompt,
            AllowMultiple = multiple, Choices = [.. list], Scoring = multiple ? scoring : MultipleScoring.AllOrNothing,
            Shuffle = inter.Attribute("shuffle")?.Value == "true",
        };
    }

    private Item? Order(XElement inter, string id, ItemMetadata meta, string prompt)
    {
        var decl = _decls[inter.Attribute("response-identifier")!.Value];
        var choices = inter.Elements(N("qti-simple-choice")).ToList();
        var ids = choices.Select(c => c.Attribute("identifier")?.Value ?? "").ToList();
        if (decl.Correct.Count != choices.Count || decl.Correct.Any(v => !ids.Contains(v)))
        {
            Report(DiagnosticCodes.QtiScoringApproximated, Severity.Error, "the order interaction's correct response must list every choice once; the item is skipped", inter);
            return null;
        }
        return new OrderItem
        {
            Id = id, Metadata = meta with { Points = _maxScore ?? 1m }, Prompt = prompt,
            Entries = [.. choices.Select((c, i) => new LabeledEntry(Label(i), Content(c)))],
            CorrectOrder = [.. decl.Correct.Select(v => Label(ids.IndexOf(v)))],
            Shuffle = inter.Attribute("shuffle")?.Value == "true",
        };
    }

    private Item? Match(XElement inter, string id, ItemMetadata meta, string prompt)
    {
        var decl = _decls[inter.Attribute("response-identifier")!.Value];
        var sets = inter.Elements(N("qti-simple-match-set")).ToList();
        if (sets.Count != 2)
        {
            Report(DiagnosticCodes.QtiUnsupportedInteraction, Severity.Error, "a match interaction needs two qti-simple-match-set elements; the item is skipped", inter);
            return null;
        }
        var left = sets[0].Elements(N("qti-simple-associable-choice")).ToList();
        var right = sets[1].Elements(N("qti-simple-associable-choice")).ToList();
        var leftIds = left.Select(c => c.Attribute("identifier")?.Value ?? "").ToList();
        var rightIds = right.Select(c => c.Attribute("identifier")?.Value ?? "").ToList();
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        var usedRight = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in decl.Correct)
        {
            var parts = v.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2) continue;
            var (l, r) = leftIds.Contains(parts[0]) ? (parts[0], parts[1]) : (parts[1], parts[0]);
            int li = leftIds.IndexOf(l), ri = rightIds.IndexOf(r);
            if (li < 0 || ri < 0) { Report(DiagnosticCodes.QtiMissingReference, Severity.Warning, $"correct pair '{v}' names unknown choices; it is ignored", inter); continue; }
            if (pairs.ContainsKey(Label(li)) || !usedRight.Add(r))
            {
                Report(DiagnosticCodes.QtiScoringApproximated, Severity.Warning, $"correct pair '{v}': each entry can be in one correct pair only; it is ignored", inter);
                continue;
            }
            pairs[Label(li)] = (ri + 1).ToString(CultureInfo.InvariantCulture);
        }
        var keptLeft = new List<LabeledEntry>();
        var relabel = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < left.Count; i++)
        {
            if (!pairs.ContainsKey(Label(i)))
            {
                Report(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, $"left entry '{leftIds[i]}' has no correct partner; the item format cannot hold it, so it is left out", left[i]);
                continue;
            }
            relabel[Label(i)] = Label(keptLeft.Count);
            keptLeft.Add(new LabeledEntry(Label(keptLeft.Count), Content(left[i])));
        }
        if (keptLeft.Count < 2)
        {
            Report(DiagnosticCodes.QtiUnsupportedInteraction, Severity.Error, "a match item needs at least two correct pairs; the item is skipped", inter);
            return null;
        }
        return new MatchItem
        {
            Id = id, Metadata = meta with { Points = _maxScore ?? (decl.Map.Count > 0 ? decl.Upper ?? decl.Map.Where(m => m.Value > 0).Sum(m => m.Value) : keptLeft.Count) }, Prompt = prompt,
            Left = [.. keptLeft],
            Right = [.. right.Select((c, i) => new LabeledEntry((i + 1).ToString(CultureInfo.InvariantCulture), Content(c)))],
            Pairs = pairs.Where(p => relabel.ContainsKey(p.Key)).ToImmutableDictionary(p => relabel[p.Key], p => p.Value, StringComparer.Ordinal),
            Shuffle = inter.Attribute("shuffle")?.Value == "true",
        };
    }

    private Item? ShortAnswer(XElement te, string id, ItemMetadata meta, string prompt, string? unit)
    {
        var decl = _decls[te.Attribute("response-identifier")!.Value];
        if (decl.BaseType is "float" or "integer")
        {
            var value = Dec(decl.Correct.FirstOrDefault());
            if (value is null) { Report(DiagnosticCodes.QtiScoringApproximated, Severity.Error, "numeric response without a correct value; the item is skipped", te); return null; }
            var (tol, relative) = Tolerance(decl.Id);
            return new NumericItem
            {
                Id = id, Metadata = meta with { Points = _maxScore ?? 1m }, Prompt = prompt,
                Value = value.Value, Tolerance = relative ? tol / 100m : tol, ToleranceKind = relative ? ToleranceKind.Relative : ToleranceKind.Absolute, Unit = unit,
            };
        }
        decimal max = decl.Map.Count > 0 ? decl.Map.Max(m => m.Value) : 1m;
        var answers = decl.Correct.Concat(decl.Map.Where(m => m.Value == max && max > 0).Select(m => m.Key)).Where(a => a.Trim().Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (answers.Count == 0) { Report(DiagnosticCodes.QtiScoringApproximated, Severity.Error, "text entry without a correct response; the item is skipped", te); return null; }
        var partial = decl.Map.Where(m => m.Value > 0 && m.Value < max && !answers.Contains(m.Key)).Select(m => new PartialAnswer(m.Key, m.Value)).ToImmutableArray();
        var norm = NormalizationOf(te) ?? (decl.Map.Count > 0 ? NormalizationOptions.Default with { CaseInsensitive = !decl.CaseSensitive } : NormalizationOptions.Default);
        return new TextItem
        {
            Id = id, Metadata = meta with { Points = _maxScore ?? (decl.Map.Count > 0 ? max : 1m) }, Prompt = prompt,
            Answers = [.. answers], PartialAnswers = partial, Normalization = norm, KanjiRequired = HasClass(te, "cbt-kanji-required"),
        };
    }

    private Item? Extended(XElement inter, string id, ItemMetadata meta, string prompt, XElement? rubricList, string? modelAnswer, XElement? programSpec, List<string> scorerText)
    {
        var decl = _decls[inter.Attribute("response-identifier")!.Value];
        if (HasClass(inter, "cbt-survey"))
            return new SurveyItem { Id = id, Metadata = meta, Prompt = prompt, Kind = SurveyKind.Comment, Required = inter.Attribute("min-strings")?.Value is { } ms && ms != "0" };
        if (programSpec is not null && HasClass(inter, "cbt-program"))
        {
            var program = Program(id, meta, prompt, programSpec.Value);
            if (program is not null) return program;
        }
        var levels = new List<RubricLevel>();
        if (rubricList is not null)
        {
            foreach (var li in rubricList.Elements(N("li")))
            {
                var pts = Dec(li.Elements(N("span")).FirstOrDefault(s => HasClass(s, "cbt-rubric-points"))?.Value);
                if (pts is null) continue;
                var rest = li.Nodes().SkipWhile(n => n is not XElement e || !HasClass(e, "cbt-rubric-points")).Skip(1).ToList();
                var text = _md.Inlines(rest).Trim();
                if (text.StartsWith("点:", StringComparison.Ordinal)) text = text[2..].Trim();
                levels.Add(new RubricLevel(pts.Value, text.Length == 0 ? "（記述なし）" : text));
            }
        }
        var max = _maxScore ?? (levels.Count > 0 ? levels.Max(l => l.Points) : 1m);
        if (levels.Count == 0)
        {
            var descriptor = scorerText.Count > 0 ? string.Join(" ", scorerText).Replace("\n", " ", StringComparison.Ordinal) : "採点基準は QTI から取り込めませんでした。";
            levels.Add(new RubricLevel(max, descriptor));
            levels.Add(new RubricLevel(0, "無解答、または問いに答えていない。"));
            scorerText.Clear();
            Report(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, "extended-text item without a cbt-rubric list: a two-level rubric was made (edit it)", inter);
        }
        int? maxLength = int.TryParse(inter.Attribute("expected-length")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ml) && ml > 0 ? ml : null;
        if (decl.Default.Count > 0) Report(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, "the default (pre-filled) response of an extended-text interaction is left out", inter);
        return new EssayItem
        {
            Id = id, Metadata = meta with { Points = max }, Prompt = prompt,
            Rubric = [.. levels.OrderByDescending(l => l.Points)], MaxLength = maxLength, ModelAnswer = modelAnswer,
        };
    }

    private ProgramItem? Program(string id, ItemMetadata meta, string prompt, string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            var r = doc.RootElement;
            var tests = ImmutableArray.CreateBuilder<ProgramTest>();
            int n = 0;
            foreach (var t in r.GetProperty("tests").EnumerateArray())
            {
                n++;
                var compare = t.TryGetProperty("compare", out var c) ? c.GetString() switch { "whitespace" => ProgramComparison.IgnoreWhitespace, "numeric" => ProgramComparison.Numeric, "deep" => ProgramComparison.Deep, _ => ProgramComparison.Exact } : ProgramComparison.Exact;
                tests.Add(new ProgramTest
                {
                    Number = n,
                    ArgumentsJson = t.GetProperty("args").GetRawText(),
                    ExpectedJson = t.GetProperty("expected").GetRawText(),
                    Points = t.TryGetProperty("points", out var p) ? p.GetDecimal() : 1m,
                    Hidden = t.TryGetProperty("hidden", out var h) && h.GetBoolean(),
                    Comparison = compare,
                    Tolerance = t.TryGetProperty("tolerance", out var tol) ? tol.GetDouble() : compare == ProgramComparison.Numeric ? 1e-9 : 0,
                    Description = t.TryGetProperty("description", out var d) ? d.GetString() : null,
                });
            }
            return new ProgramItem
            {
                Id = id, Metadata = meta with { Points = tests.Sum(t => t.Points) }, Prompt = prompt,
                EntryFunction = r.GetProperty("entry").GetString() ?? "main",
                StarterCode = r.TryGetProperty("starter", out var s) ? s.GetString() ?? "" : "",
                ReferenceSolution = r.TryGetProperty("solution", out var sol) ? sol.GetString() : null,
                Tests = tests.ToImmutable(),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            Report(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, $"the cbt-program block is not valid ({e.Message}); the item is imported as an essay");
            return null;
        }
    }
}
