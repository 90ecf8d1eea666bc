using System.Collections.Immutable;
using System.Globalization;
using Sendai.Cbt.Analysis.Classical;
using Sendai.Cbt.Analysis.Irt;
using Sendai.Cbt.Items;
using Sendai.Cbt.Scoring;

namespace Sendai.Cbt.Analysis.Results;

/// <summary>
/// Runs the whole analysis of a graded class: classical statistics, the S-P chart with Sato's caution indices, IRT
/// (model chosen by sample size, see <see cref="ResultAnalysisOptions"/>), person scores on the 500 scale with bands,
/// 偏差値, subscores with 観点別 A/B/C and class averages. Conversion rules: 無解答 stays no response (0 points in sums,
/// lowest category in IRT); pending cells are missing (not administered); unscored items and items with no scored
/// cell are left out of the statistics (<see cref="ItemReport.Analyzed"/> false).
/// </summary>
public static class ResultAnalysis
{
    /// <summary>Analyses an in-process grading result (the demo and embedders call this).</summary>
    /// <param name="result">The grading result.</param>
    /// <param name="options">Options, or null.</param>
    /// <param name="responses">The graded responses, for distractor analysis by score group (optional).</param>
    public static ResultAnalysisReport Analyze(GradingResult result, ResultAnalysisOptions? options = null, ResponseBatch? responses = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var students = FromGrading(result);
        if (responses is not null) students = WithChoices(result.Form, students, responses);
        return Analyze(result.Form, students, options,
            result.Items.ToDictionary(i => i.ItemId, i => i.Answers.Select(a => new AnswerFrequency(a.Answer, a.Count)).ToImmutableArray(), StringComparer.Ordinal));
    }

    /// <summary>The students of an in-process grading result (no recorded choices).</summary>
    /// <param name="result">The grading result.</param>
    public static ImmutableArray<GradedStudent> FromGrading(GradingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var m = result.Matrix;
        var list = ImmutableArray.CreateBuilder<GradedStudent>(m.StudentCount);
        for (int s = 0; s < m.StudentCount; s++)
        {
            var st = new ResponseStatus[m.ItemCount];
            var sc = new decimal[m.ItemCount];
            for (int i = 0; i < m.ItemCount; i++) { st[i] = m.Status(s, i); sc[i] = m.Score(s, i); }
            list.Add(new GradedStudent(m.StudentIds[s], [.. st], [.. sc]));
        }
        return list.MoveToImmutable();
    }

    /// <summary>
    /// Adds the selected labels of single-answer choice items from the response batch the results were graded from,
    /// so that the analysis can report distractors by score group. Students not in the batch keep no choices.
    /// </summary>
    /// <param name="form">The compiled form.</param>
    /// <param name="students">Graded students aligned with the form.</param>
    /// <param name="batch">The responses.</param>
    public static ImmutableArray<GradedStudent> WithChoices(CompiledForm form, IReadOnlyList<GradedStudent> students, ResponseBatch batch)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(students);
        ArgumentNullException.ThrowIfNull(batch);
        var byId = new Dictionary<string, StudentResponses>(StringComparer.Ordinal);
        foreach (var s in batch.Students) byId.TryAdd(s.StudentId, s);
        var col = form.Items.Select(i => i.Item is ChoiceItem { AllowMultiple: false } ? batch.ItemIds.IndexOf(i.Id) : -1).ToArray();
        var labels = form.Items.Select(i => i.Item is ChoiceItem c ? c.Choices.Select(x => x.Label).ToHashSet(StringComparer.OrdinalIgnoreCase) : null).ToArray();
        return [.. students.Select(s =>
        {
            if (!byId.TryGetValue(s.Id, out var r)) return s;
            var choices = new string?[form.Items.Length];
            for (int j = 0; j < choices.Length; j++)
            {
                if (col[j] < 0 || col[j] >= r.Responses.Length || r.Responses[col[j]].IsNoResponse) continue;
                string cell = r.Responses[col[j]].ToCell().Trim().ToUpperInvariant();
                if (cell.Length > 0 && cell.Length <= 3 && labels[j]!.Contains(cell)) choices[j] = cell;
            }
            return s with { Choices = [.. choices] };
        })];
    }

    /// <summary>Analyses graded students of <paramref name="form"/>.</summary>
    /// <param name="form">The compiled form (item metadata, weights, cut points).</param>
    /// <param name="students">The students; statuses and scores aligned with the form's items.</param>
    /// <param name="options">Options, or null.</param>
    /// <param name="answers">Answer distributions by item id from grading (items.msgpack), or null.</param>
    /// <exception cref="ArgumentException">A student's arrays do not match the form.</exception>
    public static ResultAnalysisReport Analyze(CompiledForm form, IReadOnlyList<GradedStudent> students, ResultAnalysisOptions? options = null,
        IReadOnlyDictionary<string, ImmutableArray<AnswerFrequency>>? answers = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(students);
        options ??= new ResultAnalysisOptions();
        int n = students.Count, m = form.Items.Length;
        foreach (var s in students)
        {
            if (s.Statuses.Length != m || s.Scores.Length != m || (!s.Choices.IsDefault && s.Choices.Length != m))
                throw new ArgumentException($"student '{s.Id}': expected {m} statuses and scores", nameof(students));
        }
        var warnings = new List<string>();

        // Which items enter the statistics
        var analyzed = new List<int>();
        for (int j = 0; j < m; j++)
        {
            var info = form.Items[j];
            if (!info.Item.IsScored || info.MaxScore <= 0) continue;
            bool anyScored = students.Any(s => s.Statuses[j] is not (ResponseStatus.Pending or ResponseStatus.Unscored));
            if (anyScored) analyzed.Add(j);
            else warnings.Add($"item '{info.Id}' has no scored response (all pending); it is left out of the statistics");
        }
        int pendingCells = students.Sum(s => analyzed.Count(j => s.Statuses[j] == ResponseStatus.Pending));
        if (pendingCells > 0) warnings.Add($"{pendingCells} pending cell(s) are treated as missing; totals with pending items are provisional");

        ItemAnalysisResult? classical = null;
        SpChartResult? sp = null;
        ScoreMatrix? matrix = null;
        if (analyzed.Count > 0 && n > 0)
        {
            var cols = analyzed.Select(j => Column(form.Items[j])).ToList();
            var rows = students.Select(s => new PersonRow(s.Id, [.. analyzed.Select(j => Cell(s, j))])).ToList();
            matrix = ScoreMatrix.Create(cols, rows);
            classical = ItemAnalysis.Compute(matrix, options.ItemAnalysis);
            sp = SpChart.Compute(matrix, options.Seed);
        }

        // IRT
        var (irt, irtItems, thetas) = RunIrt(form, students, analyzed, options, warnings);

        // Students
        var totals = students.Select(s => s.Scores.Sum()).ToArray();
        var hensachi = Hensachi.Compute(totals.Select(t => (double)t).ToArray());
        var spByRow = new Dictionary<int, SpStudent>();
        if (sp is not null) foreach (var st in sp.Students) spByRow.TryAdd(st.Row, st);
        var studentReports = ImmutableArray.CreateBuilder<StudentReport>(n);
        for (int i = 0; i < n; i++)
        {
            var s = students[i];
            int rank = 1 + totals.Count(t => t > totals[i]);
            var subs = Subscores(form, s);
            int nr = 0, pending = 0;
            for (int j = 0; j < m; j++)
            {
                if (s.Statuses[j] == ResponseStatus.NoResponse && form.Items[j].Item.IsScored) nr++;
                if (s.Statuses[j] == ResponseStatus.Pending) pending++;
            }
            var th = thetas.IsDefault ? null : thetas[i];
            double scale = th is null ? double.NaN : options.Scale.Transform(th.Theta);
            spByRow.TryGetValue(i, out var sps);
            studentReports.Add(new StudentReport(s.Id, i, totals[i], form.MaxScore, StudentResult.PercentOf(totals[i], form.MaxScore), nr, pending,
                new string([.. s.Statuses.Select(ResponseStatusCodes.ToCode)]),
                [.. s.Statuses.Select((st, j) => st is ResponseStatus.NoResponse or ResponseStatus.Pending or ResponseStatus.Unscored ? (decimal?)null : s.Scores[j])],
                subs, rank, hensachi[i], th?.Theta ?? double.NaN, th?.Se ?? double.NaN, scale,
                th is null ? double.NaN : options.Scale.TransformSe(th.Se), th is null ? null : options.Scale.Band(scale),
                sps?.Caution ?? double.NaN, sps is null ? null : ZoneName(sps.Zone)));
        }

        // Items
        var itemReports = ImmutableArray.CreateBuilder<ItemReport>(m);
        for (int j = 0; j < m; j++)
        {
            var info = form.Items[j];
            var md = info.Item.Metadata;
            int col = analyzed.IndexOf(j);
            var cs = col >= 0 ? classical!.Items[col] : null;
            int correct = 0, partial = 0, wrong = 0, noResp = 0, pend = 0;
            double scoreSum = 0; int scored = 0;
            foreach (var s in students)
            {
                switch (s.Statuses[j])
                {
                    case ResponseStatus.Correct: correct++; break;
                    case ResponseStatus.Partial: partial++; break;
                    case ResponseStatus.Wrong or ResponseStatus.Invalid: wrong++; break;
                    case ResponseStatus.NoResponse: noResp++; break;
                    case ResponseStatus.Pending: pend++; break;
                }
                if (s.Statuses[j] is not (ResponseStatus.Pending or ResponseStatus.Unscored)) { scoreSum += (double)s.Scores[j]; scored++; }
            }
            var spItem = sp?.Problems.FirstOrDefault(p => p.Column == col);
            irtItems.TryGetValue(info.Id, out var irtItem);
            var ans = answers is not null && answers.TryGetValue(info.Id, out var a) ? a : ChoiceCounts(students, j);
            itemReports.Add(new ItemReport(info.Id, j, ItemNames.Key(info.Item.Type), md.Title, info.SectionId,
                md.Viewpoint is { } vp ? ItemNames.Japanese(vp) : null, md.Domain, ItemNames.Japanese(md.Format), info.MaxScore, KeyText(info.Item), col >= 0,
                n, correct, partial, wrong, noResp, pend, n == 0 ? double.NaN : (double)correct / n, n == 0 ? double.NaN : (double)noResp / n,
                scored == 0 ? double.NaN : scoreSum / scored,
                cs?.Difficulty ?? double.NaN, cs?.Sd ?? double.NaN, cs?.ItemTotal ?? double.NaN, cs?.ItemRest ?? double.NaN, cs?.UpperLower ?? double.NaN,
                cs?.AlphaIfDeleted ?? double.NaN, cs is null ? [] : FlagNames(cs.Flags),
                cs is null ? [] : [.. cs.Choices.Select(c => new DistractorReport(c.Choice, c.IsKey, c.Overall, c.Lower, c.Middle, c.Upper))],
                ans, irtItem, spItem?.Caution ?? double.NaN, spItem is null ? null : ZoneName(spItem.Zone)));
        }

        // Groups
        var groups = ImmutableArray.CreateBuilder<GroupReport>();
        foreach (var g in form.Groups)
        {
            string kind = g.Kind.ToString().ToLowerInvariant();
            double meanPct = n == 0 ? double.NaN : studentReports.Average(s => (double)s.Subscores.First(x => x.Kind == kind && x.Key == g.Key).Percent);
            long cells = 0, nrCells = 0;
            foreach (var s in students)
                foreach (int j in g.ItemIndices)
                {
                    if (s.Statuses[j] is ResponseStatus.Pending or ResponseStatus.Unscored) continue;
                    cells++;
                    if (s.Statuses[j] == ResponseStatus.NoResponse) nrCells++;
                }
            ImmutableArray<int> counts = g.Kind == SubscoreKind.Viewpoint
                ? [.. "ABC".Select(c => studentReports.Count(s => s.Subscores.Any(x => x.Kind == kind && x.Key == g.Key && x.Grade == c.ToString())))]
                : [];
            groups.Add(new GroupReport(kind, g.Key, g.ItemIndices.Length, g.MaxScore, meanPct, cells == 0 ? double.NaN : (double)nrCells / cells, counts));
        }

        // Test
        var dt = classical?.Test;
        long allCells = 0, allNr = 0;
        foreach (var s in students) foreach (int j in analyzed) { if (s.Statuses[j] == ResponseStatus.Pending) continue; allCells++; if (s.Statuses[j] == ResponseStatus.NoResponse) allNr++; }
        var dtotals = totals.Select(t => (double)t).ToArray();
        var test = new TestReport(n, m, analyzed.Count, form.MaxScore,
            n == 0 ? double.NaN : dtotals.Average(), dt?.Sd ?? SampleSd(dtotals), n == 0 ? double.NaN : Median(dtotals),
            n == 0 ? double.NaN : dtotals.Min(), n == 0 ? double.NaN : dtotals.Max(),
            n == 0 || form.MaxScore <= 0 ? double.NaN : dtotals.Average() / (double)form.MaxScore * 100,
            dt?.Alpha ?? double.NaN, dt?.Sem ?? double.NaN, allCells == 0 ? double.NaN : (double)allNr / allCells);
        var distribution = dtotals.GroupBy(t => t).OrderBy(g => g.Key).Select(g => new ScoreCount(g.Key, g.Count())).ToImmutableArray();

        SpChartReport? spReport = null;
        if (sp is not null)
        {
            spReport = new SpChartReport([.. sp.Students.Select(x => x.Id ?? "")], [.. sp.Problems.Select(p => p.Id)], sp.Cells,
                [.. sp.Students.Select(x => x.Total)], [.. sp.Problems.Select(p => p.Total)], [.. sp.Students.Select(x => x.Caution)],
                [.. sp.Problems.Select(p => p.Caution)], sp.Area, sp.Disparity);
        }

        return new ResultAnalysisReport(ResultAnalysisReport.SchemaName, ResultAnalysisReport.CurrentVersion, form.Form.Id, form.Form.Version, form.Form.Title,
            form.Form.Subject, form.Form.Grade, [.. warnings], test, distribution, itemReports.MoveToImmutable(), studentReports.MoveToImmutable(),
            groups.ToImmutable(), spReport, irt);
    }

    private static (IrtReport?, Dictionary<string, IrtItemReport>, ImmutableArray<ThetaEstimate?>) RunIrt(CompiledForm form, IReadOnlyList<GradedStudent> students,
        List<int> analyzed, ResultAnalysisOptions options, List<string> warnings)
    {
        var none = (default(IrtReport?), new Dictionary<string, IrtItemReport>(StringComparer.Ordinal), default(ImmutableArray<ThetaEstimate?>));
        int n = students.Count;
        if (n < options.IrtMinimumStudents)
        {
            if (n > 0) warnings.Add($"IRT not run: {n} students (at least {options.IrtMinimumStudents} needed)");
            return none;
        }
        // categories: the distinct observed score levels of each item (no response = 0 points)
        var cols = new List<ItemColumn>();
        var levels = new List<decimal[]>();
        var used = new List<int>();
        var excluded = new List<string>();
        foreach (int j in analyzed)
        {
            var lv = students.Where(s => s.Statuses[j] is not (ResponseStatus.Pending or ResponseStatus.Unscored))
                .Select(s => s.Statuses[j] == ResponseStatus.NoResponse ? 0m : s.Scores[j]).Distinct().Order().ToArray();
            if (lv.Length < 2 || lv.Length > 50) { excluded.Add(form.Items[j].Id); continue; }
            used.Add(j);
            levels.Add(lv);
            cols.Add(new ItemColumn(form.Items[j].Id, lv.Length - 1));
        }
        foreach (var j in form.Items.Where(i => i.Item.IsScored && i.MaxScore > 0 && !analyzed.Contains(i.Index))) excluded.Add(j.Id);
        if (used.Count < 2)
        {
            warnings.Add("IRT not run: fewer than two items with variance");
            return none;
        }
        bool polytomous = levels.Any(l => l.Length > 2);
        IrtModel model;
        string reason;
        if (options.Model is { } chosen) { model = chosen; reason = "chosen by the caller"; }
        else if (n < options.TwoPlMinimumStudents)
        {
            model = IrtModel.Rasch;
            reason = $"{n} students < {options.TwoPlMinimumStudents}: Rasch{(polytomous ? " (partial credit for polytomous items)" : "")}; slopes are not estimable from a class";
        }
        else
        {
            model = IrtModel.TwoPL;
            reason = $"{n} students ≥ {options.TwoPlMinimumStudents}: 2PL{(polytomous ? " (generalised partial credit for polytomous items)" : "")}";
        }
        bool small = n < options.IrtWarningStudents;
        if (small) warnings.Add($"small sample: {n} students; IRT estimates are for reference only");
        var rows = students.Select(s => new PersonRow(s.Id, [.. used.Select((j, k) => s.Statuses[j] switch
        {
            ResponseStatus.Pending or ResponseStatus.Unscored => ScoreCell.NotAdministered,
            ResponseStatus.NoResponse => ScoreCell.NoResponse,
            _ => ScoreCell.Scored(Array.IndexOf(levels[k], s.Scores[j])),
        })])).ToList();
        try
        {
            var data = ScoreMatrix.Create(cols, rows);
            var cal = IrtCalibration.Fit(data, new IrtCalibrationOptions { Model = model, MaxDegreeOfParallelism = 1 });
            if (!cal.Converged) warnings.Add($"IRT calibration did not converge in {cal.Iterations} cycles");
            var scorer = cal.Scorer();
            var est = scorer.ScoreAll(data, ScoringMethod.Eap);
            var items = new Dictionary<string, IrtItemReport>(StringComparer.Ordinal);
            for (int k = 0; k < cal.Items.Length; k++)
            {
                var p = cal.Items[k];
                items[p.Id] = new IrtItemReport(p.Model.ToName(), p.A, p.B, p.SeA, p.SeB.IsDefault ? [] : p.SeB, [.. levels[k]]);
            }
            var report = new IrtReport(model.ToName(), reason, small, used.Count, [.. excluded], cal.Converged, cal.Iterations, cal.LogLikelihood,
                scorer.MarginalReliability(), options.Scale.Mean, options.Scale.Sd, options.Scale.Cuts);
            return (report, items, [.. est.Select(e => (ThetaEstimate?)e)]);
        }
        catch (ArgumentException e)
        {
            warnings.Add("IRT not run: " + e.Message.Replace(Environment.NewLine, "; ", StringComparison.Ordinal));
            return none;
        }
    }

    private static ImmutableArray<SubscoreReport> Subscores(CompiledForm form, GradedStudent s)
    {
        var list = ImmutableArray.CreateBuilder<SubscoreReport>(form.Groups.Length);
        foreach (var g in form.Groups)
        {
            decimal score = 0;
            foreach (int j in g.ItemIndices) score += s.Scores[j];
            decimal pct = StudentResult.PercentOf(score, g.MaxScore);
            list.Add(new SubscoreReport(g.Kind.ToString().ToLowerInvariant(), g.Key, score, g.MaxScore, pct,
                g.Kind == SubscoreKind.Viewpoint ? form.Options.CutPoints.Grade(pct).ToString() : null));
        }
        return list.MoveToImmutable();
    }

    private static ItemColumn Column(FormItemInfo info)
    {
        var baseCol = ItemColumn.FromItem(info.Item);
        return baseCol with { MaxPoints = (double)info.MaxScore };
    }

    private static ScoreCell Cell(GradedStudent s, int j) => s.Statuses[j] switch
    {
        ResponseStatus.NoResponse => ScoreCell.NoResponse,
        ResponseStatus.Pending or ResponseStatus.Unscored => ScoreCell.NotAdministered,
        _ => ScoreCell.Scored((double)s.Scores[j], s.Choices.IsDefault ? null : s.Choices[j]),
    };

    private static ImmutableArray<AnswerFrequency> ChoiceCounts(IReadOnlyList<GradedStudent> students, int j) =>
        [.. students.Where(s => !s.Choices.IsDefault && s.Choices[j] is not null).GroupBy(s => s.Choices[j]!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new AnswerFrequency(g.Key, g.Count()))];

    /// <summary>The correct answer as short text for reports, or null when there is none to show (essays, programs, surveys).</summary>
    /// <param name="item">The item.</param>
    public static string? KeyText(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var inv = CultureInfo.InvariantCulture;
        return item switch
        {
            ChoiceItem c => string.Join("・", c.Choices.Where(x => x.IsCorrect).Select(x => x.Label)),
            TextItem t => t.Answers.FirstOrDefault(),
            NumericItem x => x.Value.ToString(inv) + (x.Unit is null ? "" : x.Unit),
            OrderItem o => string.Join("→", o.CorrectOrder),
            MatchItem mt => string.Join("、", mt.Pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")),
            ClozeItem cz => string.Join("／", cz.Blanks.Select(b => b switch
            {
                TextBlank tb => tb.Answers.FirstOrDefault() ?? "",
                NumericBlank nb => nb.Value.ToString(inv) + (nb.Unit ?? ""),
                ChoiceBlank cb => cb.CorrectIndex >= 0 && cb.CorrectIndex < cb.Options.Length ? cb.Options[cb.CorrectIndex] : "",
                _ => "",
            })),
            _ => null,
        };
    }

    internal static ImmutableArray<string> FlagNames(ItemFlags flags)
    {
        var list = new List<string>();
        if (flags.HasFlag(ItemFlags.TooHard)) list.Add("too_hard");
        if (flags.HasFlag(ItemFlags.TooEasy)) list.Add("too_easy");
        if (flags.HasFlag(ItemFlags.LowDiscrimination)) list.Add("low_discrimination");
        if (flags.HasFlag(ItemFlags.NegativeDiscrimination)) list.Add("negative_discrimination");
        if (flags.HasFlag(ItemFlags.HighNoResponse)) list.Add("high_no_response");
        if (flags.HasFlag(ItemFlags.AlphaIncreasesIfDeleted)) list.Add("alpha_increases_if_deleted");
        if (flags.HasFlag(ItemFlags.AttractiveDistractor)) list.Add("attractive_distractor");
        if (flags.HasFlag(ItemFlags.NoVariance)) list.Add("no_variance");
        return [.. list];
    }

    private static string ZoneName(StudentZone z) => z switch
    {
        StudentZone.A => "A", StudentZone.APrime => "A'", StudentZone.B => "B", StudentZone.BPrime => "B'", StudentZone.C => "C", _ => "C'",
    };

    private static string ZoneName(ProblemZone z) => z switch
    {
        ProblemZone.A => "A", ProblemZone.APrime => "A'", ProblemZone.B => "B", _ => "B'",
    };

    private static double Median(double[] x)
    {
        var s = x.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static double SampleSd(double[] x)
    {
        if (x.Length < 2) return double.NaN;
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
    }
}
