using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Sendai.Cbt.Items;

namespace Sendai.Cbt.Scoring;

/// <summary>Knobs of <see cref="ResponseSimulator"/>.</summary>
public sealed record SimulationOptions
{
    /// <summary>Base probability of 無解答 per item (more for short answer and constructed items, and for weaker students).</summary>
    public double NoResponseRate { get; init; } = 0.03;
    /// <summary>Probability that a typed answer gets an input variant (full-width digits, katakana, trailing U+3000).</summary>
    public double VariantRate { get; init; } = 0.15;
    /// <summary>Share of essays the teacher has scored already (the rest are pending).</summary>
    public double EssayScoredRate { get; init; } = 0.8;
}

/// <summary>
/// Generates realistic, reproducible response sets for a form: abilities θ ~ N(0,1); each item answered correctly
/// with the 2PL probability 1 / (1 + exp(−1.7·a·(θ − b))), where a ∈ [0.7, 2.0] and b ∈ [−1.5, 1.5] are derived
/// deterministically from the item id and the seed; some no-responses; plausible wrong answers (distractors,
/// near-miss numbers, misspellings, partial answers) and Japanese input variants. Student <c>k</c> depends only on
/// (seed, k), so any range can be generated independently.
/// </summary>
public static class ResponseSimulator
{
    /// <summary>Generates <paramref name="students"/> students as a batch.</summary>
    /// <param name="form">The compiled form.</param>
    /// <param name="students">Number of students (ids s001, s002…).</param>
    /// <param name="seed">Seed; the same seed gives the same responses.</param>
    /// <param name="options">Knobs; null for defaults.</param>
    public static ResponseBatch Generate(CompiledForm form, int students, int seed, SimulationOptions? options = null) => new()
    {
        FormId = form.Form.Id,
        FormVersion = form.Form.Version,
        ItemIds = [.. form.Items.Select(i => i.Id)],
        Students = [.. Students(form, students, seed, options)],
        Source = $"simulated(seed={seed})",
    };

    /// <summary>Lazily generates students (for large sets written straight to a file). Responses are aligned with the form's items.</summary>
    /// <param name="form">The compiled form.</param>
    /// <param name="students">Number of students.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="options">Knobs; null for defaults.</param>
    public static IEnumerable<StudentResponses> Students(CompiledForm form, int students, int seed, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentOutOfRangeException.ThrowIfNegative(students);
        options ??= new SimulationOptions();
        var parameters = form.Items.Select(i => ItemParameters(i.Id, seed)).ToArray();
        int digits = Math.Max(3, students.ToString(CultureInfo.InvariantCulture).Length);
        for (int k = 0; k < students; k++)
        {
            var rng = new Random(unchecked(seed * 1_000_003 + k));
            double theta = Gaussian(rng);
            var responses = new ItemResponse[form.Items.Length];
            for (int i = 0; i < responses.Length; i++)
            {
                var (a, b) = parameters[i];
                double p = 1 / (1 + Math.Exp(-1.7 * a * (theta - b)));
                var response = Respond(form.Items[i].Item, rng, p, theta, options);
                // an empty typed value cannot be told from 無解答 in CSV; the simulator never produces one
                responses[i] = response.Kind == ResponseKind.Raw && response.Parts[0]!.Length == 0 ? ItemResponse.NoResponse : response;
            }

            yield return new StudentResponses("s" + (k + 1).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0'), [.. responses], k + 1);
        }
    }

    /// <summary>The 2PL parameters (a, b) the simulator uses for an item.</summary>
    /// <param name="itemId">The item id.</param>
    /// <param name="seed">The seed.</param>
    public static (double A, double B) ItemParameters(string itemId, int seed)
    {
        uint h = 2166136261;
        foreach (char c in itemId) h = (h ^ c) * 16777619;
        var rng = new Random(unchecked((int)h ^ seed));
        // b centred at −0.8: about two thirds of answers right on average, like a school test (the national assessment reports 60–70 %).
        return (0.7 + 1.3 * rng.NextDouble(), -2.2 + 2.8 * rng.NextDouble());
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static ItemResponse Respond(Item item, Random rng, double p, double theta, SimulationOptions o)
    {
        double nr = o.NoResponseRate + (item.Metadata.Format == ItemFormat.Selected ? 0 : 0.04) + (theta < -1 ? 0.04 : 0);
        if (item is not SurveyItem && rng.NextDouble() < nr) return ItemResponse.NoResponse;
        bool right = rng.NextDouble() < p;
        switch (item)
        {
            case ChoiceItem { AllowMultiple: false } c:
            {
                var correct = c.Choices.First(x => x.IsCorrect).Label;
                var wrong = c.Choices.Where(x => !x.IsCorrect).ToArray();
                return ItemResponse.Raw(right || wrong.Length == 0 ? correct : wrong[rng.Next(wrong.Length)].Label);
            }
            case ChoiceItem c:
            {
                var marked = c.Choices.Where(x => x.IsCorrect).Select(x => x.Label).ToList();
                if (!right)
                {
                    var flip = c.Choices[rng.Next(c.Choices.Length)].Label;
                    if (!marked.Remove(flip)) marked.Add(flip);
                    if (marked.Count == 0) marked.Add(c.Choices[rng.Next(c.Choices.Length)].Label);
                }

                return ItemResponse.Raw(string.Join(';', marked.Order(StringComparer.Ordinal)));
            }
            case TextItem t:
            {
                string answer = right
                    ? t.Answers[rng.Next(t.Answers.Length)]
                    : t.PartialAnswers.Length > 0 && rng.NextDouble() < 0.4 ? t.PartialAnswers[rng.Next(t.PartialAnswers.Length)].Answer
                    : Misspell(t.Answers[0], rng);
                return ItemResponse.Raw(Variant(answer, rng, o));
            }
            case NumericItem n:
                return ItemResponse.Raw(NumberText(right ? n.Value : NearMiss(n.Value, n.Tolerance, rng), n.Unit, rng, o));
            case OrderItem ord:
            {
                var seq = ord.CorrectOrder.ToArray();
                if (!right && seq.Length > 1)
                {
                    int i = rng.Next(seq.Length - 1);
                    (seq[i], seq[i + 1]) = (seq[i + 1], seq[i]);
                }

                return ItemResponse.Raw(string.Join(';', seq));
            }
            case MatchItem m:
            {
                var left = m.Left.Select(l => l.Label).Where(m.Pairs.ContainsKey).ToArray();
                var rights = left.Select(l => m.Pairs[l]).ToArray();
                if (!right && rights.Length > 1)
                {
                    int i = rng.Next(rights.Length), j = (i + 1 + rng.Next(rights.Length - 1)) % rights.Length;
                    (rights[i], rights[j]) = (rights[j], rights[i]);
                }

                return ItemResponse.Raw(string.Join(';', left.Select((l, i) => $"{l}={rights[i]}")));
            }
            case ClozeItem cz:
            {
                var blanks = new string?[cz.Blanks.Length];
                for (int i = 0; i < blanks.Length; i++)
                {
                    bool ok = rng.NextDouble() < (right ? 0.9 : 0.3);
                    blanks[i] = rng.NextDouble() < 0.03 ? null : cz.Blanks[i] switch
                    {
                        TextBlank tb => Variant(ok ? tb.Answers[0] : Misspell(tb.Answers[0], rng), rng, o),
                        NumericBlank nb => NumberText(ok ? nb.Value : NearMiss(nb.Value, nb.Tolerance, rng), nb.Unit, rng, o),
                        ChoiceBlank chb => chb.Options[ok ? chb.CorrectIndex : (chb.CorrectIndex + 1 + rng.Next(Math.Max(1, chb.Options.Length - 1))) % chb.Options.Length],
                        _ => null,
                    };
                }

                return ItemResponse.Blanks(blanks);
            }
            case EssayItem e:
            {
                var levels = e.Rubric.Select(l => l.Points).OrderDescending().ToArray();
                decimal? score = null;
                if (levels.Length > 0 && rng.NextDouble() < o.EssayScoredRate)
                {
                    int idx = right ? rng.Next(Math.Min(2, levels.Length)) : Math.Min(levels.Length - 1, 1 + rng.Next(levels.Length));
                    score = levels[idx];
                }

                return ItemResponse.Essay("わたしは、" + (right ? "資料の数値から二つの理由を考えました。" : "そう思います。"), score);
            }
            case ProgramItem pr:
                return ItemResponse.Program(ProgramAnswer(pr, right, theta));
            case SurveyItem s:
                if (rng.NextDouble() < 0.05) return ItemResponse.NoResponse;
                return s.Kind switch
                {
                    SurveyKind.Rating when s.Scale is { } sc => ItemResponse.Raw(rng.Next(sc.Min, sc.Max + 1).ToString(CultureInfo.InvariantCulture)),
                    SurveyKind.Choice or SurveyKind.MultipleChoice when s.Options.Length > 0 => ItemResponse.Raw(s.Options[rng.Next(s.Options.Length)].Label),
                    _ => ItemResponse.Text("とくになし"),
                };
            default:
                return ItemResponse.NoResponse;
        }
    }

    /// <summary>
    /// JavaScript source for a program item: the reference solution for a student who gets it right; otherwise a
    /// deterministic plausible mistake derived from the reference (an off-by-one loop bound, a number returned where a
    /// string is expected or the reverse, a result off by one (a number one too large, a string or array one element short), the unfinished starter code, and for about 3 % of the wrong
    /// answers an endless loop, which the sandbox must stop). Chosen from the student's ability and the item id, so no
    /// extra random draws are made and the other items' responses do not change. Items without a reference solution get
    /// their starter code.
    /// </summary>
    internal static string ProgramAnswer(ProgramItem item, bool right, double theta)
    {
        var reference = item.ReferenceSolution;
        if (reference is null) return item.StarterCode;
        if (right) return reference;
        uint h = 2166136261;
        foreach (char c in item.Id) h = (h ^ c) * 16777619;
        h ^= (uint)BitConverter.DoubleToInt64Bits(theta) ^ (uint)(BitConverter.DoubleToInt64Bits(theta) >> 32);
        h *= 0x9E3779B1;
        int pick = (int)(h >> 8) % 100;
        string entry = item.EntryFunction;
        if (pick < 3) return Wrap(reference, entry, "for (;;) { }\n  return undefined;");
        if (pick < 40 && OffByOneLoop(reference) is { } loop) return loop;
        if (pick < 60 && item.StarterCode.Trim().Length > 0) return item.StarterCode;
        if (pick < 80) return Wrap(reference, entry, "const r = __reference(...args);\n  return typeof r === 'string' ? r.length : String(r);");
        return Wrap(reference, entry, "const r = __reference(...args);\n  return typeof r === 'number' ? r + 1 : typeof r === 'string' || Array.isArray(r) ? r.slice(0, -1) : r;");
    }

    /// <summary>The reference with its entry function renamed to <c>__reference</c>, followed by a new entry function with <paramref name="body"/>.</summary>
    private static string Wrap(string reference, string entry, string body)
    {
        string escaped = System.Text.RegularExpressions.Regex.Escape(entry);
        var renamed = System.Text.RegularExpressions.Regex.Replace(reference, @"\bfunction\s+" + escaped + @"\s*\(", "function __reference(");
        if (ReferenceEquals(renamed, reference) || renamed == reference)
            renamed = System.Text.RegularExpressions.Regex.Replace(reference, @"\b(const|let|var)\s+" + escaped + @"\b", "$1 __reference");
        return renamed.TrimEnd() + "\n\nfunction " + entry + "(...args) {\n  " + body + "\n}\n";
    }

    /// <summary>The first <c>for</c> loop bound changed by one (<c>&lt;</c> ↔ <c>&lt;=</c>), or null when there is none.</summary>
    private static string? OffByOneLoop(string source)
    {
        var m = System.Text.RegularExpressions.Regex.Match(source, @"for\s*\([^;]*;[^;<>]*(<=|<|>=|>)");
        if (!m.Success) return null;
        var op = m.Groups[1];
        string replacement = op.Value switch { "<" => "<=", "<=" => "<", ">" => ">=", _ => ">" };
        return string.Concat(source.AsSpan(0, op.Index), replacement, source.AsSpan(op.Index + op.Length));
    }

    private static decimal NearMiss(decimal value, decimal tolerance, Random rng) => rng.Next(4) switch
    {
        0 => value * 10,
        1 => value + 1,
        2 => value - 1,
        _ => value + Math.Abs(tolerance) * 3 + 0.5m,
    };

    private static string NumberText(decimal value, string? unit, Random rng, SimulationOptions o)
    {
        string s = value.ToString(CultureInfo.InvariantCulture);
        if (rng.NextDouble() < o.VariantRate) s = FullWidth(s);
        if (unit is not null && rng.NextDouble() < 0.2) s += unit;
        return s;
    }

    /// <summary>A plausible misspelling: drop the last character, double one, or swap two neighbours.</summary>
    private static string Misspell(string s, Random rng)
    {
        if (s.Length <= 1) return s + "ー";
        int i = rng.Next(s.Length - 1);
        return rng.Next(3) switch
        {
            0 => s[..^1],
            1 => s.Insert(i, s[i].ToString()),
            _ => string.Concat(s.AsSpan(0, i), s[i + 1].ToString(), s[i].ToString(), s.AsSpan(i + 2)),
        };
    }

    private static string Variant(string s, Random rng, SimulationOptions o)
    {
        if (rng.NextDouble() >= o.VariantRate) return s;
        return rng.Next(3) switch
        {
            0 => FullWidth(s),
            1 => ToKatakana(s),
            _ => s + "\u3000",
        };
    }

    private static string FullWidth(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s) sb.Append(c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c);
        return sb.ToString();
    }

    private static string ToKatakana(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s) sb.Append(c is >= '\u3041' and <= '\u3096' ? (char)(c + 0x60) : c);
        return sb.ToString();
    }
}
