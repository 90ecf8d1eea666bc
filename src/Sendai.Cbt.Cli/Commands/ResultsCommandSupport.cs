using System.Collections.Immutable;
using Sendai.Cbt.Analysis.Results;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Storage;
using Sendai.Cbt.Storage.Responses;

namespace Sendai.Cbt.Cli.Commands;

/// <summary>Graded results loaded for cbt analyze and cbt report.</summary>
internal sealed record LoadedResults(CompiledForm Form, ImmutableArray<GradedStudent> Students, IReadOnlyDictionary<string, ImmutableArray<AnswerFrequency>> Answers,
    ResponseBatch? Responses, bool HadErrors);

/// <summary>Reading the outputs of cbt grade (and optionally the responses) for the analysis and report commands.</summary>
internal static class ResultsCommandSupport
{
    private const int MaxPrinted = 50;

    /// <summary>Loads a results folder and the form; null (message printed, <paramref name="exitCode"/> set) when impossible.</summary>
    public static LoadedResults? Load(string resultsDir, string? formId, string bankDir, string? responsesFile, TextWriter stdout, TextWriter stderr, out int exitCode)
    {
        exitCode = ExitCodes.Ok;
        if (!Directory.Exists(resultsDir))
        {
            stderr.WriteLine($"cbt: folder not found: {resultsDir}");
            exitCode = ExitCodes.IoError;
            return null;
        }
        if (responsesFile is not null && !File.Exists(responsesFile))
        {
            stderr.WriteLine($"cbt: file not found: {responsesFile}");
            exitCode = ExitCodes.IoError;
            return null;
        }
        var stored = ResultReader.ReadDirectory(resultsDir);
        if (stored is null)
        {
            stderr.WriteLine($"cbt: no results.msgpack or results.csv in {resultsDir} (run cbt grade --out {resultsDir} first)");
            exitCode = ExitCodes.IoError;
            return null;
        }
        formId ??= stored.FormId;
        if (formId is null)
        {
            stderr.WriteLine($"cbt: {stored.Source} does not record the form id; pass --form");
            exitCode = ExitCodes.Usage;
            return null;
        }
        var form = ScoringCommandSupport.LoadForm(bankDir, formId, stderr, out exitCode);
        if (form is null) return null;
        var aligned = stored.AlignTo(form, out var mismatch);
        var diags = stored.Diagnostics.AddRange(mismatch);
        ResponseBatch? batch = null;
        if (responsesFile is not null)
        {
            batch = responsesFile.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                ? ResponseCsv.Read(responsesFile, form.Form.Id)
                : ResponsePack.Read(File.ReadAllBytes(responsesFile), responsesFile);
            diags = diags.AddRange(batch.Diagnostics);
        }
        foreach (var d in diags.Take(MaxPrinted)) stdout.WriteLine(d.ToString());
        if (diags.Length > MaxPrinted) stdout.WriteLine($"… and {diags.Length - MaxPrinted} more diagnostic(s)");
        var graded = aligned.Select(s => new GradedStudent(s.Id, s.Statuses, s.Scores)).ToImmutableArray();
        if (batch is not null) graded = ResultAnalysis.WithChoices(form, graded, batch);
        var answers = stored.Answers.ToDictionary(kv => kv.Key, kv => kv.Value.Select(a => new AnswerFrequency(a.Answer, a.Count)).ToImmutableArray(), StringComparer.Ordinal);
        bool errors = stored.Diagnostics.Any(d => d.Severity == Severity.Error);
        if (graded.Length == 0)
        {
            stderr.WriteLine($"cbt: {stored.Source} holds no student");
            exitCode = ExitCodes.ContentErrors;
            return null;
        }
        return new LoadedResults(form, graded, answers, batch, errors);
    }
}
