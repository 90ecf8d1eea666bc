using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Sendai.Cbt.Items;
using Sendai.Cbt.Normalization;

namespace Sendai.Cbt.Scoring;

/// <summary>The result of scoring one response, as a value (no allocation on the hot path).</summary>
internal struct Outcome
{
    public int Units;
    public ResponseStatus Status;
    public ReasonKind Reason;
    public int KeyIndex;
    public NormalizationRules Rules;
    public int Hits;
    public int Total;
    public string? Note;

    public void Set(ResponseStatus status, ReasonKind reason, int units = 0, int keyIndex = -1)
    {
        Status = status;
        Reason = reason;
        Units = units;
        KeyIndex = keyIndex;
        Rules = NormalizationRules.None;
        Hits = 0;
        Total = 0;
        Note = null;
    }

    public void Invalid(string message)
    {
        Set(ResponseStatus.Invalid, ReasonKind.Invalid);
        Note = message;
    }
}

/// <summary>Shared helpers: fixed-point units, labels, status from units.</summary>
internal static class ScoreMath
{
    /// <summary>Scores are kept as integers in units of 1/10000 point, so sums are exact and independent of order.</summary>
    public const int UnitsPerPoint = 10_000;

    public static int ToUnits(decimal points) =>
        (int)Math.Clamp(Math.Round(points * UnitsPerPoint, MidpointRounding.AwayFromZero), 0, int.MaxValue / 4);

    public static decimal ToPoints(long units) => units / (decimal)UnitsPerPoint;

    /// <summary>round(max × num / den), never above max, never below 0.</summary>
    public static int Scale(int maxUnits, long num, long den)
    {
        if (den <= 0 || num <= 0) return 0;
        if (num >= den) return maxUnits;
        return (int)Math.Min(maxUnits, ((long)maxUnits * num * 2 + den) / (2 * den));
    }

    public static ResponseStatus StatusOf(int units, int maxUnits) =>
        units <= 0 ? ResponseStatus.Wrong : units >= maxUnits ? ResponseStatus.Correct : ResponseStatus.Partial;

    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> s)
    {
        int a = 0, b = s.Length;
        while (a < b && char.IsWhiteSpace(s[a])) a++;
        while (b > a && char.IsWhiteSpace(s[b - 1])) b--;
        return s[a..b];
    }

    /// <summary>Finds a label (A, B… or 1, 2…), ignoring surrounding white space, width and case.</summary>
    public static int FindLabel(string[] labels, ReadOnlySpan<char> raw)
    {
        var s = Trim(raw);
        if (s.IsEmpty || s.Length > 8) return -1;
        Span<char> buf = stackalloc char[8];
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c is >= '\uFF01' and <= '\uFF5E') c = (char)(c - 0xFEE0);
            buf[i] = char.ToUpperInvariant(c);
        }

        var t = buf[..s.Length];
        if (t.Length == 1)
        {
            int guess = t[0] is >= 'A' and <= 'Z' ? t[0] - 'A' : t[0] is >= '1' and <= '9' ? t[0] - '1' : -1;
            if ((uint)guess < (uint)labels.Length && labels[guess].Length == 1 && labels[guess][0] == t[0]) return guess;
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (t.Equals(labels[i], StringComparison.OrdinalIgnoreCase)) return i;
        }

        return -1;
    }

    public static string Show(ReadOnlySpan<char> s) => s.Length > 40 ? string.Concat(s[..40], "…") : s.ToString();
}

/// <summary>A precomputed set of accepted strings: normalised keys to a code (≥ 0 accepted index, &lt; 0 partial −(index+1)).</summary>
internal sealed class AnswerKeySet
{
    private readonly Dictionary<string, int> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public AnswerKeySet(NormalizationOptions options) => (Options, _lookup) = (options, default);

    private AnswerKeySet(NormalizationOptions options, Dictionary<string, int> keys)
    {
        Options = options;
        _keys = keys;
        _lookup = keys.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public NormalizationOptions Options { get; }

    public static AnswerKeySet Build(NormalizationOptions options, IEnumerable<(string Text, int Code)> answers)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (text, code) in answers)
        {
            d.TryAdd(JapaneseNormalizer.Normalize(text, options).Value, code);
        }

        return new AnswerKeySet(options, d);
    }

    /// <summary>Normalises <paramref name="answer"/> into the scratch and looks it up.</summary>
    public bool TryMatch(ReadOnlySpan<char> answer, ResponseScratch scratch, out int code, out NormalizationRules rules)
    {
        var buf = scratch.NormBuffer(answer.Length);
        int n = JapaneseNormalizer.NormalizeInto(answer, Options, buf, out rules);
        scratch.NormLength = n;
        return _lookup.TryGetValue(buf[..n], out code);
    }
}

/// <summary>An item compiled for scoring: keys precomputed, points in units, weight applied.</summary>
internal abstract class CompiledItem
{
    protected CompiledItem(Item item, int index, decimal weight, string sectionId)
    {
        Item = item;
        Index = index;
        Weight = weight;
        SectionId = sectionId;
        MaxUnits = item.IsScored ? ScoreMath.ToUnits(item.Metadata.Points * weight) : 0;
    }

    public Item Item { get; }
    public int Index { get; }
    public decimal Weight { get; }
    public string SectionId { get; }
    public int MaxUnits { get; }

    /// <summary>Answer-distribution kind: choice labels counted by index, free text not counted, others counted by normalised text.</summary>
    public virtual int LabelCount => 0;
    public virtual string[] Labels => [];
    public virtual bool CountsText => true;

    /// <summary>Scores a non-empty, valid-kind response (no response and invalid input are handled by the caller).</summary>
    public abstract void Score(ResponseScratch r, ref Outcome o, ScoringContext ctx);

    /// <summary>For label-counted items: adds the marked labels to <paramref name="counts"/>.</summary>
    public virtual void CountLabels(ResponseScratch r, int[] counts) { }

    /// <summary>Scores any response, handling no response, invalid input and empty answers uniformly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ScoreAny(ResponseScratch r, ref Outcome o, ScoringContext ctx)
    {
        switch (r.Kind)
        {
            case InputKind.None:
                o.Set(ResponseStatus.NoResponse, ReasonKind.NoResponse);
                return;
            case InputKind.Invalid:
                o.Invalid(r.InvalidMessage ?? "value of the wrong kind");
                return;
        }

        if (!Item.IsScored)
        {
            o.Set(ResponseStatus.Unscored, ReasonKind.Recorded);
            return;
        }

        if (r.Kind == InputKind.Essay && this is not EssayKey)
        {
            o.Invalid($"an essay response was given to a {ItemNames.Key(Item.Type)} item");
            return;
        }

        if (r.Kind == InputKind.Raw && ScoreMath.Trim(r.Text(r.Parts[0])).IsEmpty)
        {
            o.Set(ResponseStatus.Wrong, ReasonKind.EmptyAnswer);
            return;
        }

        Score(r, ref o, ctx);
    }

    protected static bool Single(ResponseScratch r, ref Outcome o, out ReadOnlySpan<char> text)
    {
        if (r.TrySingle(out text)) return true;
        o.Invalid($"expected one value, got {r.PartCount} parts");
        return false;
    }

    public static CompiledItem Create(Item item, int index, decimal weight, string sectionId) => item switch
    {
        ChoiceItem { AllowMultiple: false } c => new ChoiceKey(c, index, weight, sectionId),
        ChoiceItem c => new MultipleKey(c, index, weight, sectionId),
        TextItem t => new TextKey(t, index, weight, sectionId),
        NumericItem n => new NumericKey(n, index, weight, sectionId),
        OrderItem o => new OrderKey(o, index, weight, sectionId),
        MatchItem m => new MatchKey(m, index, weight, sectionId),
        ClozeItem c => new ClozeKey(c, index, weight, sectionId),
        EssayItem e => new EssayKey(e, index, weight, sectionId),
        ProgramItem p => new ProgramKey(p, index, weight, sectionId),
        _ => new SurveyKey(item, index, weight, sectionId),
    };
}

/// <summary>Shared per-run context: the program scorer and cancellation.</summary>
internal sealed class ScoringContext(IProgramScorer? programScorer, CancellationToken cancellationToken)
{
    public IProgramScorer? ProgramScorer { get; } = programScorer;
    public CancellationToken CancellationToken { get; } = cancellationToken;
}

internal sealed class ChoiceKey : CompiledItem
{
    private readonly string[] _labels;
    private readonly int _correct;
    private readonly int[] _units;

    public ChoiceKey(ChoiceItem item, int index, decimal weight, string sectionId) : base(item, index, weight, sectionId)
    {
        _labels = item.Choices.Select(c => c.Label).ToArray();
        _correct = item.Choices.IndexOf(item.Choices.First(c => c.IsCorrect));
        _units = item.Choices.Select(c => c.IsCorrect ? MaxUnits : Math.Min(MaxUnits, ScoreMath.ToUnits((c.Points ?? 0m) * weight))).ToArray();
    }

    public override int LabelCount => _labels.Length;
    public override string[] Labels => _labels;

    public override void Score(ResponseScratch r, ref Outcome o, ScoringContext ctx)
    {
        var parts = r.MultiParts();
        int chosen = -1;
        int marked = 0;
        foreach (var p in parts)
        {
            if (p.IsNull || ScoreMath.Trim(r.Text(p)).IsEmpty) continue;
            int i = ScoreMath.FindLabel(_labels, r.Text(p));
            if (i < 0)
            {
                o.Invalid($"unknown choice '{ScoreMath.Show(r.Text(p))}' (choices {string.Join(',', _labels)})");
                return;
            }

            if (i != chosen) marked++;
            chosen = i;
        }

        if (marked == 0)
        {
            o.Set(ResponseStatus.Wrong, ReasonKind.EmptyAnswer);
        }
        else if (marked > 1)
        {
            o.Invalid("several choices marked in a single-answer item");
        }
        else if (chosen == _correct)
        {
            o.Set(ResponseStatus.Correct, ReasonKind.CorrectChoice, MaxUnits, chosen);
        }
        else
        {
            int u = _units[chosen];
            o.Set(ScoreMath.StatusOf(u, MaxUnits), u > 0 ? ReasonKind.ChoicePoints : ReasonKind.WrongChoice, u, chosen);
        }
    }

    public override void CountLabels(ResponseScratch r, int[] counts)
    {
        foreach (var p in r.MultiParts())
        {
            int i = p.IsNull ? -1 : ScoreMath.FindLabel(_labels, r.Text(p));
            if (i >= 0) counts[i]++;
        }
    }
}

internal sealed class MultipleKey : CompiledItem
{
    private readonly string[] _labels;
    private readonly ulong _correctMask;
    private readonly long[] _weights;   // per choice, in units of 1/10000
    private readonly long _allWeight;
    private readonly long _correctWeight;
    private readonly MultipleScoring _rule;

    public MultipleKey(ChoiceItem item, int index, decimal weight, string sectionId) : base(item, index, weight, sectionId)
    {
        if (item.Choices.Length > 64) throw new ArgumentException($"item {item.Id}: more than 64 choices");
        _labels = item.Choices.Select(c => c.Label).ToArray();
        _weights = item.Choices.Select(c => (long)ScoreMath.ToUnits(c.Points ?? 1m)).ToArray();
        for (int i = 0; i < _labels.Length; i++)
        {
            if (item.Choices[i].IsCorrect)
            {
                _correctMask |= 1UL << i;
                _correctWeight += _weights[i];
            }

            _allWeight += _weights[i];
        }

        _rule = item.Scoring;
    }

    public override int LabelCount => _labels.Length;
    public override string[] Labels => _labels;

    public override void Score(ResponseScratch r, ref Outcome o, ScoringContext ctx)
    {
        ulong mask = 0;
        foreach (var p in r.MultiParts())
        {
            if (p.IsNull || ScoreMath.Trim(r.Text(p)).IsEmpty) continue;
            int i = ScoreMath.FindLabel(_labels, r.Text(p));
            if (i < 0)
            {
                o.Invalid($"unknown choice '{ScoreMath.Show(r.Text(p))}' (choices {string.Join(',', _labels)})");
                return;
            }

            mask |= 1UL << i;
        }

        if (mask == 0)
        {
            o.Set(ResponseStatus.Wrong, ReasonKind.EmptyAnswer);
            return;
        }

        int n = _labels.Length;
        ulong all = n == 64 ? ulong.MaxValue : (1UL << n) - 1;
        ulong right = ~(mask ^ _correctMask) & all;
        int hits = System.Numerics.BitOperations.PopCount(right);
        int units;
        ReasonKind reason;
        switch (_rule)
        {
            case MultipleScoring.PerChoice:
                long w = 0;
                for (int i = 0; i < n; i++) if ((right >> i & 1) != 0) w += _weights[i];
                units = ScoreMath.Scale(MaxUnits, w, _allWeight);
                reason = ReasonKind.PerChoice;
                break;
            case MultipleScoring.RightMinusWrong:
                long net = 0;
                for (int i = 0; i < n; i++)
                {
                    if ((mask >> i & 1) == 0) continue;
                    net += (_correctMask >> i & 1) != 0 ? _weights[i] : -_weights[i];
                }

                units = ScoreMath.Scale(MaxUnits, net, _correctWeight);
                reason = ReasonKind.RightMinusWrong;
                break;
            default:
                units = mask == _correctMask ? MaxUnits : 0;
                reason = ReasonKind.AllOrNothing;
                break;
        }

        o.Set(ScoreMath.StatusOf(units, MaxUnits), reason, units);
        o.Hits = hits;
        o.Total = n;
    }

    public override void CountLabels(ResponseScratch r, int[] counts)
    {
        ulong seen = 0;
        foreach (var p in r.MultiParts())
        {
            int i = p.IsNull ? -1 : ScoreMath.FindLabel(_labels, r.Text(p));
            if (i >= 0 && (seen >> i & 1) == 0)
            {
                seen |= 1UL << i;
                counts[i]++;
            }
        }
    }
}

internal sealed class TextKey : CompiledItem
{
    private readonly AnswerKeySet _keys;
    private readonly int[] _partialUnits;
    private readonly bool _kanjiRequired;

    public TextKey(TextItem item, int index, decimal weight, string sectionId) : base(item, index, weight, sectionId)
    {
        _keys = AnswerKeySet.Build(item.Normalization,
            item.Answers.Select((a, i) => (a, i)).Concat(item.PartialAnswers.Select((p, i) => (p.Answer, -(i + 1)))));
        _partialUnits = item.PartialAnswers.Select(p => Math.Min(MaxUnits, ScoreMath.ToUnits(p.Points * weight))).ToArray();
        _kanjiRequired = item.KanjiRequired && item.Answers.Any(JapaneseNormalizer.ContainsKanji);
    }

    public NormalizationOptions Options => _keys.Options;

    public override void Score(ResponseScratch r, ref Outcome o, ScoringContext ctx)
    {
        if (!Single(r, ref o, out var text)) return;
        if (_keys.TryMatch(text, r, out int code, out var rules))
        {
            if (code >= 0)
            {
                o.Set(ResponseStatus.Correct, ReasonKind.AcceptedAnswer, MaxUnits, code);
            }
            else
            {
                int u = _partialUnits[-code - 1];
                o.Set(u >= MaxUnits ? ResponseStatus.Correct : u > 0 ? ResponseStatus.Partial : ResponseStatus.Wrong, ReasonKind.PartialAnswer, u, -code - 1);
            }

            o.Rules = rules;
            return;
        }

        if (_kanjiRequired && JapaneseNormalizer.IsKanaOnly(text))
        {
            o.Set(ResponseStatus.Wrong, ReasonKind.KanjiRequired);
            return;
        }

        o.Set(ResponseStatus.Wrong, ReasonKind.NoMatch);
        o.Rules = rules;
    }
}

/// <summary>Number matching shared by numeric items and numeric blanks.</summary>
internal readonly struct NumberKey
{
    private static readonly NormalizationOptions UnitOptions = new() { Width = true, CaseInsensitive = true, Spaces = true, LongVowelAndDashVariants = false };

    private readonly decimal _value;
    private readonly decimal _tolerance;
    private readonly string? _unit;

    public NumberKey(decimal value, decimal tolerance, ToleranceKind kind, string? unit)
    {
        _value = value;
        _tolerance = kind == ToleranceKind.Relative ? Math.Abs(tolerance * value) : Math.Abs(tolerance);
        _unit = string.IsNullOrWhiteSpace(unit) ? null : JapaneseNormalizer.Normalize(unit.Trim(), UnitOptions).Value;
    }

    /// <summary>Returns the reason: ExactValue, WithinTolerance, OutsideTolerance or NotANumber.</summary>
    public ReasonKind Match(ReadOnlySpan<char> text, ResponseScratch r, out NormalizationRules rules)
    {
        var s = ScoreMath.Trim(text);
        rules = NormalizationRules.None;
        if (_unit is not null)
        {
            var buf = r.NormBuffer(s.Length);
            int n = JapaneseNormalizer.NormalizeInto(s, UnitOptions, buf, out var unitRules);
            if (n > _unit.Length && buf[..n].EndsWith(_unit, StringComparison.Ordinal))
            {
                // strip the unit from the normalised text (width folding may have changed lengths)
                s = ScoreMath.Trim(buf[..(n - _unit.Length)]);
                if (!JapaneseNormalizer.TryParseNumberSpan(s, out decimal v1, out var r1)) return ReasonKind.NotANumber;
                rules = r1 | (unitRules & NormalizationRules.Width);
                return Compare(v1);
            }
        }

        if (!JapaneseNormalizer.TryParseNumberSpan(s, out decimal v, out rules)) return ReasonKind.NotANumber;
        return Compare(v);
    }

    private ReasonKind Compare(decimal v)
    {
        decimal diff = Math.Abs(v - _value);
        return diff == 0 ? ReasonKind.ExactValue : diff <= _tolerance ? ReasonKind.WithinTolerance : ReasonKind.OutsideTolerance;
    }
}

internal sealed class NumericKey : CompiledItem
{
    private readonly NumberKey _key;

    public NumericKey(NumericItem item, int index, decimal weight, string sectionId) : base(item, index, weight, sectionId) =>
        _key = new NumberKey(item.Value, item.Tolerance, item.ToleranceKind, item.Unit);

    public override void Score(ResponseScratch r, ref Outcome o, ScoringContext ctx)
    {
        if (!Single(r, ref o, out var text)) return;
        var reason = _key.Match(text, r, out var rules);
        bool ok = reason is ReasonKind.ExactValue or ReasonKind.WithinTolerance;
        o.Set(ok ? ResponseStatus.Correct : ResponseStatus.Wrong, reason, ok ? MaxUnits : 0);
        o.Rules = rules;
    }
}

internal sealed class OrderKey : CompiledItem
{
    private readonly string[] _labels;
    private readonly int[] _correct;

    public OrderKey(OrderItem item, int index, decimal weight, string sectionId) : base(item, index, weight, sectionId)
    {
        _labels = item.Entries.Select(e => e.Label).ToArray();
        _correct = item.CorrectOrder.Select(l => Array.IndexOf(_labels, l)).ToArray();
    }

    public override void Score(ResponseScratch r, ref Outcome o, ScoringContext ctx)
    {
        var parts = r.MultiParts();
        int pos = 0, hits = 0, given = 0;
        foreach (var p in parts)
        {
            if (p.IsNull || ScoreMath.Trim(r.Text(p)).IsEmpty) continue;
            int i = ScoreMath.FindLabel(_labels, r.Text(p));
            if (i < 0)
            {
                o.Invalid($"unknown entry '{ScoreMath.Show(r.Text(p))}' (entries {string.Join(',', _labels)})");
                return;
            }

            if (pos < _correct.Length && _correct[pos] == i) hits++;
            pos++;
            given++;
        }

        if (given == 0)
        {
            o.Set(ResponseStatus.Wrong, ReasonKind.EmptyAnswer);
            return;
        }

        bool exact = given == _correct.Length && hits == _correct.Length;
        o.Set(exact ? ResponseStatus.Correct : ResponseStatus.Wrong, ReasonKind.Sequence, exact ? MaxUnits : 0);
        o.Hits = hits;
        o.Total = _correct.Length;
    }
}

internal sealed class MatchKey : CompiledItem
{
    private readonly string[] _left;
    private readonly string[] _right;
    private readonly int[] _correct; // left index → right index, -1 when the left entry has no pair
    private readonly int _pairs;

    public MatchKey(MatchItem item, int index, decimal weight, string sectionId) : base(item, index, weight, sectionId)
    {
        _left = item.Left.Select(e => e.Label).ToArray();
        _right = item.Right.Select(e => e.Label).ToArray();
        _correct = _left.Select(l => item.Pairs.TryGetValue(l, out var rl) ? Array.IndexOf(_right, rl) : -1).ToArray();
        _pairs = _correct.Count(c => c >= 0);
    }

    public override void Score(ResponseScratch r, ref Outcome o, ScoringContext ctx)
    {
        ulong seen = 0;
        int hits = 0, given = 0;
        foreach (var p in r.MultiParts())
        {
            var t = p.IsNull ? default : ScoreMath.Trim(r.Text(p));
            if (t.IsEmpty) continue;
            int eq = t.IndexOfAny('=', '＝');
            int li = eq < 0 ? -1 : ScoreMath.FindLabel(_left, t[..eq]);
            int ri = eq < 0 ? -1 : ScoreMath.FindLabel(_right, t[(eq + 1)..]);
            if (li < 0 || ri < 0)
            {
                o.Invalid($"'{ScoreMath.Show(t)}' is not a pair of a left label ({string.Join(',', _left)}) and a right label ({string.Join(',', _right)}), e.g. A=2");
                return;
            }

            if (li < 64 && (seen >> li & 1) != 0) continue; // first answer for a left entry counts
            if (li < 64) seen |= 1UL << li;
            given++;
            if (_correct[li] == ri) hits++;
        }

        if (given == 0)
        {
            o.Set(ResponseStatus.Wrong, ReasonKind.EmptyAnswer);
            return;
        }

        int units = ScoreMath.Scale(MaxUnits, hits, _pairs);
        o.Set(ScoreMath.StatusOf(units, MaxUnits), ReasonKind.Pairs, units);
        o.Hits = hits;
        o.Total = _pairs;
    }
}

internal sealed class ClozeKey : CompiledItem
{
    private readonly ClozeBlank[] _blanks;
    private readonly AnswerKeySet?[] _text;
    private readonly NumberKey[] _numbers;
    private readonly AnswerKeySet?[] _options;
    private readonly long[] _blankUnits;
    private readonly long _totalUnits;

    public ClozeKey(ClozeItem item, int index, decimal weight, string sectionId) : base(item, index, weight, sectionId)
    {
        _blanks = [.. item.Blanks];
        _text = new AnswerKeySet?[_blanks.Length];
        _numbers = new NumberKey[_blanks.Length];
        _options = new AnswerKeySet?[_blanks.Length];
        _blankUnits = new long[_blanks.Length];
        for (int i = 0; i < _blanks.Length; i++)
        {
            switch (_blanks[i])
            {
                case TextBlank t:
                    _text[i] = AnswerKeySet.Build(item.Normalization, t.Answers.Select((a, k) => (a, k)));
                    break;
                case NumericBlank n:
                    _numbers[i] = new NumberKey(n.Value, n.Tolerance, ToleranceKind.Absolute, n.Unit);
                    break;
                case ChoiceBlank c:
                    _options[i] = AnswerKeySet.Build(item.Normalization, c.Options.Select((a, k) => (a, k)));
                    break;
            }

            _blankUnits[i] = ScoreMath.ToUnits(_blanks[i].Points);
            _totalUnits += _blankUnits[i];
        }
    }

    public override void Score(ResponseScratch r, ref Outcome o, ScoringContext ctx)
    {
        var parts = r.MultiParts();
        if (parts.Length > _blanks.Length)
        {
            o.Invalid($"{parts.Length} blanks answered, the item has {_blanks.Length}");
            return;
        }

        long earned = 0;
        int hits = 0, answered = 0;
        var rules = NormalizationRules.None;
        for (int i = 0; i < parts.Length; i++)
        {
            var p = parts[i];
            var t = p.IsNull ? default : r.Text(p);
            if (ScoreMath.Trim(t).IsEmpty) continue;
            answered++;
            bool ok;
            switch (_blanks[i])
            {
                case TextBlank:
                    ok = _text[i]!.TryMatch(t, r, out _, out var rr);
                    if (ok) rules |= rr;
                    break;
                case NumericBlank:
                    var reason = _numbers[i].Match(t, r, out var nr);
                    ok = reason is ReasonKind.ExactValue or ReasonKind.WithinTolerance;
                    if (ok) rules |= nr;
                    break;
                default:
                    var cb = (ChoiceBlank)_blanks[i];
                    int code;
                    if (_options[i]!.TryMatch(t, r, out code, out var cr)) rules |= cr;
                    else if (int.TryParse(ScoreMath.Trim(t), out int k) && k >= 1 && k <= cb.Options.Length) code = k - 1;
                    else code = -1;
                    ok = code == cb.CorrectIndex;
                    break;
            }

            if (ok)
            {
                hits++;
                earned += _blankUnits[i];
            }
        }

        if (answered == 0)
        {
            // every blank left empty (parts all null, or a cell of separators only "；；"): 無解答
            o.Set(ResponseStatus.NoResponse, ReasonKind.NoResponse);
            return;
        }

        int units = ScoreMath.Scale(MaxUnits, earned, _totalUnits);
        o.Set(ScoreMath.StatusOf(units, MaxUnits), ReasonKind.Blanks, units);
        o.Hits = hits;
        o.Total = _blanks.Length;
        o.Rules = rules;
    }
}

internal sealed class EssayKey : CompiledItem
{
    private readonly decimal[] _levels;
    private readonly decimal _top;

    public EssayKey(EssayItem item, int index, decimal weight, string sectionId) : base(item, index, weight, sectionId)
    {
        _levels = item.Rubric.Select(l => l.Points).ToArray();
        _top = _levels.Length == 0 ? 0 : _levels.Max();
    }

    public override bool CountsText => false;

    public override void Score(ResponseScratch r, ref Outcome o, ScoringContext ctx)
    {
        if (!r.HasRubric)
        {
            if (r.Kind == InputKind.Essay && (r.PartCount == 0 || r.Parts[0].IsNull))
            {
                o.Set(ResponseStatus.NoResponse, ReasonKind.NoResponse);
                return;
            }

            o.Set(ResponseStatus.Pending, ReasonKind.AwaitingRubric);
            return;
        }

        int level = Array.IndexOf(_levels, r.Rubric);
        if (level < 0)
        {
            o.Invalid($"rubric score {r.Rubric} is not a level of the rubric ({string.Join(", ", _levels)})");
            return;
        }

        int units = _top <= 0 ? 0 : ScoreMath.Scale(MaxUnits, ScoreMath.ToUnits(r.Rubric), ScoreMath.ToUnits(_top));
        o.Set(ScoreMath.StatusOf(units, MaxUnits), ReasonKind.Rubric, units, level);
    }
}

internal sealed class ProgramKey : CompiledItem
{
    public ProgramKey(ProgramItem item, int index, decimal weight, string sectionId) : base(item, index, weight, sectionId) { }

    public override bool CountsText => false;

    public override void Score(ResponseScratch r, ref Outcome o, ScoringContext ctx)
    {
        if (!Single(r, ref o, out var text)) return;
        if (ctx.ProgramScorer is null)
        {
            o.Set(ResponseStatus.Pending, ReasonKind.AwaitingSandbox);
            return;
        }

        var result = ctx.ProgramScorer.Score((ProgramItem)Item, text.ToString(), ctx.CancellationToken);
        int units = result.MaxPoints <= 0 ? 0 : ScoreMath.Scale(MaxUnits, ScoreMath.ToUnits(Math.Max(0, result.Points)), ScoreMath.ToUnits(result.MaxPoints));
        o.Set(ScoreMath.StatusOf(units, MaxUnits), ReasonKind.ProgramTests, units);
        o.Hits = result.Passed;
        o.Total = result.Total;
        o.Note = result.Message;
    }
}

internal sealed class SurveyKey : CompiledItem
{
    private readonly string[] _labels;

    public SurveyKey(Item item, int index, decimal weight, string sectionId) : base(item, index, weight, sectionId) =>
        _labels = item is SurveyItem { Kind: SurveyKind.Choice or SurveyKind.MultipleChoice } s ? s.Options.Select(e => e.Label).ToArray() : [];

    public override int LabelCount => _labels.Length;
    public override string[] Labels => _labels;
    public override bool CountsText => _labels.Length == 0 && Item is SurveyItem { Kind: SurveyKind.Rating };

    public override void Score(ResponseScratch r, ref Outcome o, ScoringContext ctx) => o.Set(ResponseStatus.Unscored, ReasonKind.Recorded);

    public override void CountLabels(ResponseScratch r, int[] counts)
    {
        foreach (var p in r.MultiParts())
        {
            int i = p.IsNull ? -1 : ScoreMath.FindLabel(_labels, r.Text(p));
            if (i >= 0) counts[i]++;
        }
    }
}
