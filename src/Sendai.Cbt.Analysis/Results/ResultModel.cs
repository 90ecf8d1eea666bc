using System.Collections.Immutable;
using Sendai.Cbt.Scoring;

namespace Sendai.Cbt.Analysis.Results;

/// <summary>One graded student as read from the grading outputs (or taken from an in-process <see cref="GradingResult"/>).</summary>
/// <param name="Id">Student id.</param>
/// <param name="Statuses">One status per form item (form order).</param>
/// <param name="Scores">One weighted score per form item (0 for no response, pending and unscored).</param>
/// <param name="Choices">The selected label per form item for single-answer choice items (null elsewhere), or default when unknown; used for distractor analysis.</param>
public sealed record GradedStudent(string Id, ImmutableArray<ResponseStatus> Statuses, ImmutableArray<decimal> Scores, ImmutableArray<string?> Choices = default);

/// <summary>How an analysis is run. Every property has a sensible default.</summary>
public sealed record ResultAnalysisOptions
{
    /// <summary>IRT model; null chooses by sample size: Rasch (PCM for polytomous items) below <see cref="TwoPlMinimumStudents"/>, 2PL (GPCM) from there on.</summary>
    public Irt.IrtModel? Model { get; init; }
    /// <summary>Smallest class for which the automatic choice is 2PL (default 200).</summary>
    public int TwoPlMinimumStudents { get; init; } = 200;
    /// <summary>Below this many students IRT is reported with a small-sample warning (default 100).</summary>
    public int IrtWarningStudents { get; init; } = 100;
    /// <summary>Below this many students IRT is not run at all (default 10).</summary>
    public int IrtMinimumStudents { get; init; } = 10;
    /// <summary>The reporting scale (default 500 ± 100, bands 1–5).</summary>
    public Irt.ReportingScale Scale { get; init; } = Irt.ReportingScale.Default;
    /// <summary>Seed of the S-P disparity simulation.</summary>
    public int Seed { get; init; } = 20240401;
    /// <summary>Thresholds of the classical item flags.</summary>
    public Classical.ItemAnalysisOptions ItemAnalysis { get; init; } = Classical.ItemAnalysisOptions.Default;
}

/// <summary>Count of one answer (from the grading's answer distribution).</summary>
/// <param name="Answer">The choice label or normalised answer.</param>
/// <param name="Count">Students who gave it.</param>
public sealed record AnswerFrequency(string Answer, int Count);

/// <summary>Distractor statistics of one choice.</summary>
/// <param name="Choice">Choice label.</param>
/// <param name="IsKey">The correct choice.</param>
/// <param name="Overall">Share of students choosing it.</param>
/// <param name="Lower">Share in the lower 27 % group.</param>
/// <param name="Middle">Share in the middle group.</param>
/// <param name="Upper">Share in the upper 27 % group.</param>
public sealed record DistractorReport(string Choice, bool IsKey, double Overall, double Lower, double Middle, double Upper);

/// <summary>IRT parameters of one item (slope–intercept and IRT form).</summary>
/// <param name="Model">Model name (rasch, 2pl, pcm, gpcm...).</param>
/// <param name="A">Slope.</param>
/// <param name="B">Difficulty (one per step for polytomous items).</param>
/// <param name="SeA">Standard error of a (NaN when fixed).</param>
/// <param name="SeB">Standard errors of b.</param>
/// <param name="Categories">Score categories used (distinct observed score levels).</param>
public sealed record IrtItemReport(string Model, double A, ImmutableArray<double> B, double SeA, ImmutableArray<double> SeB, ImmutableArray<decimal> Categories);

/// <summary>Everything known about one item.</summary>
/// <param name="Id">Item id.</param>
/// <param name="Index">0-based position in the form.</param>
/// <param name="Type">Item type key (choice, text...).</param>
/// <param name="Title">Short title or null.</param>
/// <param name="Section">Section id.</param>
/// <param name="Viewpoint">観点 label or null.</param>
/// <param name="Domain">領域 or null.</param>
/// <param name="Format">問題形式 label.</param>
/// <param name="MaxScore">Weighted maximum.</param>
/// <param name="Key">Correct answer as text for reports (e.g. 「D」, 「5/6」, 「120 cm³」) or null.</param>
/// <param name="Analyzed">False for unscored or fully pending items (left out of the statistics).</param>
/// <param name="Students">Students graded.</param>
/// <param name="Correct">Full credit.</param>
/// <param name="Partial">Partial credit.</param>
/// <param name="Wrong">Zero credit (invalid included).</param>
/// <param name="NoResponse">無解答.</param>
/// <param name="Pending">Waiting for scoring.</param>
/// <param name="CorrectRate">Full credit / students.</param>
/// <param name="NoResponseRate">無解答 / students.</param>
/// <param name="MeanScore">Mean score over scored cells.</param>
/// <param name="Difficulty">Classical p: mean score / max over scored and unanswered cells (NaN when not analysed).</param>
/// <param name="Sd">SD of the item score.</param>
/// <param name="ItemTotal">Item–total correlation.</param>
/// <param name="ItemRest">Item–rest (corrected) correlation: the discrimination index.</param>
/// <param name="UpperLower">Upper–lower discrimination.</param>
/// <param name="AlphaIfDeleted">α without the item.</param>
/// <param name="Flags">Review flags (too_hard, too_easy, low_discrimination, negative_discrimination, high_no_response, alpha_increases_if_deleted, attractive_distractor, no_variance).</param>
/// <param name="Distractors">Distractor analysis (choice items with recorded choices).</param>
/// <param name="Answers">Most frequent answers from grading, when known.</param>
/// <param name="Irt">IRT parameters, or null.</param>
/// <param name="SpCaution">S-P caution index of the item (NaN when not analysed).</param>
/// <param name="SpZone">S-P item zone (A, A', B, B') or null.</param>
public sealed record ItemReport(string Id, int Index, string Type, string? Title, string Section, string? Viewpoint, string? Domain, string Format,
    decimal MaxScore, string? Key, bool Analyzed, int Students, int Correct, int Partial, int Wrong, int NoResponse, int Pending,
    double CorrectRate, double NoResponseRate, double MeanScore, double Difficulty, double Sd, double ItemTotal, double ItemRest,
    double UpperLower, double AlphaIfDeleted, ImmutableArray<string> Flags, ImmutableArray<DistractorReport> Distractors,
    ImmutableArray<AnswerFrequency> Answers, IrtItemReport? Irt, double SpCaution, string? SpZone);

/// <summary>A subscore of one student.</summary>
/// <param name="Kind">section, viewpoint, domain or format.</param>
/// <param name="Key">Group key (section id, 観点, 領域, 問題形式).</param>
/// <param name="Score">Points earned.</param>
/// <param name="MaxScore">Points possible.</param>
/// <param name="Percent">Percent (0.1).</param>
/// <param name="Grade">A/B/C for viewpoints, otherwise null.</param>
public sealed record SubscoreReport(string Kind, string Key, decimal Score, decimal MaxScore, decimal Percent, string? Grade);

/// <summary>One student's analysed result.</summary>
/// <param name="Id">Student id.</param>
/// <param name="Row">Input row.</param>
/// <param name="Score">Total.</param>
/// <param name="MaxScore">Maximum.</param>
/// <param name="Percent">Percent (0.1).</param>
/// <param name="NoResponses">Items left unanswered.</param>
/// <param name="Pending">Items waiting for scoring (total provisional).</param>
/// <param name="Statuses">Per form item: C correct, P partial, W wrong, X invalid, N 無解答, ? pending, - unscored.</param>
/// <param name="Scores">Per form item score (null for no response, pending, unscored).</param>
/// <param name="Subscores">By section, viewpoint (with A/B/C), domain and format.</param>
/// <param name="Rank">Rank in the class (1 = best; ties share).</param>
/// <param name="Hensachi">偏差値 of the total (population SD).</param>
/// <param name="Theta">IRT ability (EAP) or NaN.</param>
/// <param name="ThetaSe">Posterior SD of θ or NaN.</param>
/// <param name="ScaleScore">500 ± 100 scale score or NaN.</param>
/// <param name="ScaleSe">Standard error on the scale or NaN.</param>
/// <param name="Band">Band 1–5, or null without IRT.</param>
/// <param name="SpCaution">Sato's caution index.</param>
/// <param name="SpZone">S-P zone (A, A', B, B', C, C').</param>
public sealed record StudentReport(string Id, int Row, decimal Score, decimal MaxScore, decimal Percent, int NoResponses, int Pending,
    string Statuses, ImmutableArray<decimal?> Scores, ImmutableArray<SubscoreReport> Subscores, int Rank, double Hensachi,
    double Theta, double ThetaSe, double ScaleScore, double ScaleSe, int? Band, double SpCaution, string? SpZone);

/// <summary>Class figures for one group of items (viewpoint, domain, format or section).</summary>
/// <param name="Kind">section, viewpoint, domain or format.</param>
/// <param name="Key">Group key.</param>
/// <param name="Items">Number of items.</param>
/// <param name="MaxScore">Points possible.</param>
/// <param name="MeanPercent">Mean of the students' percents.</param>
/// <param name="NoResponseRate">Share of unanswered cells.</param>
/// <param name="GradeCounts">A/B/C counts for viewpoints (A, B, C order), empty otherwise.</param>
public sealed record GroupReport(string Kind, string Key, int Items, decimal MaxScore, double MeanPercent, double NoResponseRate, ImmutableArray<int> GradeCounts);

/// <summary>Whole-class statistics.</summary>
/// <param name="Students">Students.</param>
/// <param name="Items">Items in the form.</param>
/// <param name="AnalyzedItems">Items in the statistics.</param>
/// <param name="MaxScore">Maximum total.</param>
/// <param name="Mean">Mean total.</param>
/// <param name="Sd">SD of the total (N − 1).</param>
/// <param name="Median">Median total.</param>
/// <param name="Min">Lowest total.</param>
/// <param name="Max">Highest total.</param>
/// <param name="MeanPercent">Mean percent.</param>
/// <param name="Alpha">Cronbach's α.</param>
/// <param name="Sem">Standard error of measurement.</param>
/// <param name="NoResponseRate">Share of unanswered cells over analysed items.</param>
public sealed record TestReport(int Students, int Items, int AnalyzedItems, decimal MaxScore, double Mean, double Sd, double Median, double Min, double Max,
    double MeanPercent, double Alpha, double Sem, double NoResponseRate);

/// <summary>The S-P chart in chart order.</summary>
/// <param name="Students">Student ids, best first.</param>
/// <param name="Items">Item ids, easiest first.</param>
/// <param name="Cells">score/max per cell (1 correct, 0 wrong or no response, fractions for partial credit), rows and columns in chart order.</param>
/// <param name="StudentTotals">Student totals (sum of score/max).</param>
/// <param name="ItemTotals">Item totals (students correct).</param>
/// <param name="StudentCaution">Caution index per student row.</param>
/// <param name="ItemCaution">Caution index per item column.</param>
/// <param name="Area">Cells between the S and P curves (0/1 data).</param>
/// <param name="Disparity">Disparity index D* (0/1 data, else NaN).</param>
public sealed record SpChartReport(ImmutableArray<string> Students, ImmutableArray<string> Items, ImmutableArray<ImmutableArray<double>> Cells,
    ImmutableArray<double> StudentTotals, ImmutableArray<double> ItemTotals, ImmutableArray<double> StudentCaution, ImmutableArray<double> ItemCaution,
    double Area, double Disparity);

/// <summary>The IRT part of the analysis.</summary>
/// <param name="Model">Model used (rasch, 2pl...).</param>
/// <param name="Reason">Why this model was chosen.</param>
/// <param name="SmallSample">True when the class is below the warning size: the estimates are for reference only.</param>
/// <param name="Items">Items calibrated.</param>
/// <param name="Excluded">Items left out (no variance, not analysed).</param>
/// <param name="Converged">EM converged.</param>
/// <param name="Iterations">EM cycles.</param>
/// <param name="LogLikelihood">Marginal log-likelihood.</param>
/// <param name="MarginalReliability">Marginal reliability of θ.</param>
/// <param name="ScaleMean">Scale mean (500).</param>
/// <param name="ScaleSd">Scale SD (100).</param>
/// <param name="Cuts">Band cut scores.</param>
public sealed record IrtReport(string Model, string Reason, bool SmallSample, int Items, ImmutableArray<string> Excluded, bool Converged, int Iterations,
    double LogLikelihood, double MarginalReliability, double ScaleMean, double ScaleSd, ImmutableArray<double> Cuts);

/// <summary>
/// The result of <see cref="ResultAnalysis.Analyze(Scoring.CompiledForm, IReadOnlyList{GradedStudent}, ResultAnalysisOptions?, IReadOnlyDictionary{string, ImmutableArray{AnswerFrequency}}?)"/>:
/// immutable, serialised as analysis.json by <see cref="AnalysisFiles"/> (schema <c>sendai-cbt/analysis</c>, version 1).
/// </summary>
/// <param name="Schema">Always <c>sendai-cbt/analysis</c>.</param>
/// <param name="Version">Schema version (1).</param>
/// <param name="FormId">Form id.</param>
/// <param name="FormVersion">Form version.</param>
/// <param name="FormTitle">Form title.</param>
/// <param name="Subject">教科 or null.</param>
/// <param name="Grade">学年 or null.</param>
/// <param name="Warnings">Things the reader should know (small sample, IRT not run, pending cells).</param>
/// <param name="Test">Whole-class statistics.</param>
/// <param name="Distribution">Score distribution (total → students), ascending.</param>
/// <param name="Items">Items in form order.</param>
/// <param name="Students">Students in input order.</param>
/// <param name="Groups">Class figures by section, viewpoint, domain and format.</param>
/// <param name="SpChart">The S-P chart, or null when no item could be analysed.</param>
/// <param name="Irt">IRT summary, or null when IRT was not run.</param>
public sealed record ResultAnalysisReport(string Schema, int Version, string FormId, string? FormVersion, string? FormTitle, string? Subject, int? Grade,
    ImmutableArray<string> Warnings, TestReport Test, ImmutableArray<ScoreCount> Distribution, ImmutableArray<ItemReport> Items,
    ImmutableArray<StudentReport> Students, ImmutableArray<GroupReport> Groups, SpChartReport? SpChart, IrtReport? Irt)
{
    /// <summary>The schema name written in analysis.json.</summary>
    public const string SchemaName = "sendai-cbt/analysis";
    /// <summary>The schema version this library writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The student with this id, or null.</summary>
    /// <param name="id">Student id.</param>
    public StudentReport? Student(string id) => Students.FirstOrDefault(s => s.Id == id);
}

/// <summary>Number of students with one total score.</summary>
/// <param name="Score">Total.</param>
/// <param name="Count">Students.</param>
public sealed record ScoreCount(double Score, int Count);
