using Sendai.Cbt.Analysis.Results;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Storage;

namespace Sendai.Cbt.Reports.School;

/// <summary>Which reports to produce.</summary>
[Flags]
public enum ReportKinds
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>個人票: one page (or more) per student.</summary>
    Student = 1,
    /// <summary>学級集計: class summary, item table, S-P chart, student list.</summary>
    Class = 2,
    /// <summary>Item analysis for authors: statistics, distractors, IRT parameters, flags.</summary>
    Items = 4,
    /// <summary>All three.</summary>
    All = Student | Class | Items,
}

/// <summary>What the school reports are made from.</summary>
/// <param name="Form">The compiled form (item metadata and keys).</param>
/// <param name="Analysis">The analysis of the graded results.</param>
/// <param name="Responses">The graded responses, for the students' answers and program feedback on 個人票 (optional: without them the answer column shows 「—」).</param>
public sealed record ReportInput(CompiledForm Form, ResultAnalysisReport Analysis, ResponseBatch? Responses = null);

/// <summary>Options of the school reports.</summary>
public sealed record SchoolReportOptions
{
    /// <summary>Names, classes and numbers; students not in it are shown by id.</summary>
    public Roster Roster { get; init; } = Roster.Empty;
    /// <summary>The date printed on the reports; null takes today's date from <see cref="Time"/>.</summary>
    public DateOnly? Date { get; init; }
    /// <summary>Clock for the date and the PDF creation date (never the system clock inside the library unless passed).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
    /// <summary>School or author printed in the header and the PDF metadata.</summary>
    public string Author { get; init; } = "Sendai.Cbt";
    /// <summary>Write PDF/A (PDFsharp's experimental switch).</summary>
    public bool PdfA { get; init; }
    /// <summary>Which reports <see cref="SchoolReports.WriteAll"/> writes.</summary>
    public ReportKinds Kinds { get; init; } = ReportKinds.All;
    /// <summary>One 個人票 PDF per student instead of one PDF for the class.</summary>
    public bool PerStudent { get; init; }
}
