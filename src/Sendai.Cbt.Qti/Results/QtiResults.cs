using System.Collections.Immutable;
using System.Globalization;
using System.Xml.Linq;
using Sendai.Cbt.Qti.Xml;

namespace Sendai.Cbt.Qti;

/// <summary>What happened to one item in a student's session.</summary>
public enum ItemResultStatus
{
    /// <summary>Answered and scored.</summary>
    Scored,
    /// <summary>Shown but not answered (無解答); scored 0 but reported separately from a wrong answer.</summary>
    NoResponse,
    /// <summary>Never reached (time ran out before the item).</summary>
    NotReached,
    /// <summary>Answered; waiting for a teacher (essay) or an external scorer.</summary>
    PendingScoring,
}

/// <summary>One item of a student's result.</summary>
/// <param name="ItemId">The item id.</param>
/// <param name="Score">Points earned (null while pending).</param>
/// <param name="MaxScore">Maximum points.</param>
/// <param name="Response">The raw response string as recorded (for example <c>B</c>, <c>C;A;B</c>, <c>A=2;B=1</c>, free text); null for no response.</param>
/// <param name="Status">What happened.</param>
public sealed record ItemResultEntry(string ItemId, decimal? Score, decimal MaxScore, string? Response, ItemResultStatus Status);

/// <summary>A student's scored result of one form (the shape the scoring engine maps to).</summary>
/// <param name="StudentId">The student's sourced id (for example the OneRoster user sourcedId).</param>
/// <param name="FormId">The form id.</param>
/// <param name="FormVersion">The form version scored with.</param>
/// <param name="Completed">When the session ended (from the injected clock; never read here).</param>
/// <param name="Items">Items in form order.</param>
public sealed record StudentResult(string StudentId, string FormId, string FormVersion, DateTimeOffset Completed, ImmutableArray<ItemResultEntry> Items);

/// <summary>Writes QTI Results Reporting <c>assessmentResult</c> documents. Stateless and thread-safe.</summary>
public static class QtiResults
{
    /// <summary>The <c>assessmentResult</c> document of one student: context, a test result with SCORE and MAXSCORE, one item result per item.</summary>
    /// <param name="result">The result.</param>
    /// <param name="version">3.0 (namespace imsqti_result_v3p0) or 2.2 (imsqti_result_v2p2).</param>
    public static XDocument Write(StudentResult result, QtiVersion version = QtiVersion.V3p0)
    {
        ArgumentNullException.ThrowIfNull(result);
        XNamespace ns = version == QtiVersion.V3p0 ? QtiXml.ResultV3 : QtiXml.ResultV22;
        var stamp = result.Completed.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        XElement Outcome(string id, decimal? value) =>
            new(ns + "outcomeVariable", new XAttribute("identifier", id), new XAttribute("cardinality", "single"), new XAttribute("baseType", "float"),
                value is decimal v ? new XElement(ns + "value", QtiXml.Invariant(v)) : null);
        var total = result.Items.Sum(i => i.Score ?? 0m);
        var max = result.Items.Sum(i => i.MaxScore);
        var root = new XElement(ns + "assessmentResult",
            new XElement(ns + "context", new XAttribute("sourcedId", result.StudentId)),
            new XElement(ns + "testResult", new XAttribute("identifier", QtiXml.ItemIdentifier(result.FormId)), new XAttribute("datestamp", stamp),
                Outcome("SCORE", total), Outcome("MAXSCORE", max),
                new XElement(ns + "outcomeVariable", new XAttribute("identifier", "FORM_VERSION"), new XAttribute("cardinality", "single"), new XAttribute("baseType", "string"),
                    new XElement(ns + "value", result.FormVersion))));
        int seq = 0;
        foreach (var item in result.Items)
        {
            seq++;
            var status = item.Status switch
            {
                ItemResultStatus.PendingScoring => "pendingResponseProcessing",
                ItemResultStatus.NotReached => "initial",
                _ => "final",
            };
            var resp = new XElement(ns + "responseVariable", new XAttribute("identifier", "RESPONSE"), new XAttribute("cardinality", "single"), new XAttribute("baseType", "string"),
                new XElement(ns + "candidateResponse", item.Response is null ? null : new XElement(ns + "value", item.Response)));
            root.Add(new XElement(ns + "itemResult",
                new XAttribute("identifier", QtiXml.ItemIdentifier(item.ItemId)), new XAttribute("sequenceIndex", seq), new XAttribute("datestamp", stamp), new XAttribute("sessionStatus", status),
                resp,
                Outcome("SCORE", item.Status == ItemResultStatus.PendingScoring ? null : item.Score ?? 0m),
                Outcome("MAXSCORE", item.MaxScore),
                new XElement(ns + "outcomeVariable", new XAttribute("identifier", "CBT_STATUS"), new XAttribute("cardinality", "single"), new XAttribute("baseType", "identifier"),
                    new XElement(ns + "value", item.Status switch
                    {
                        ItemResultStatus.Scored => "scored",
                        ItemResultStatus.NoResponse => "noResponse",
                        ItemResultStatus.NotReached => "notReached",
                        _ => "pendingScoring",
                    }))));
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }
}

/// <summary>Maps the scoring engine's explained results to <see cref="StudentResult"/> for <see cref="QtiResults.Write"/>.</summary>
public static class QtiResultMapping
{
    /// <summary>The QTI-side result of one student.</summary>
    /// <param name="detail">The explained result from <see cref="Scoring.CompiledForm.Explain(Scoring.ResponseBatch, Scoring.StudentResponses, CancellationToken)"/>.</param>
    /// <param name="form">The form the student took.</param>
    /// <param name="completed">When the session ended (from the caller's clock).</param>
    public static StudentResult FromScoring(Scoring.StudentDetail detail, Forms.TestForm form, DateTimeOffset completed)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(form);
        var items = detail.Responses.Select(r => new ItemResultEntry(
            r.ItemId,
            r.Status == Scoring.ResponseStatus.Pending ? null : r.Score,
            r.MaxScore,
            r.Status == Scoring.ResponseStatus.NoResponse ? null : r.Raw,
            r.Status switch
            {
                Scoring.ResponseStatus.NoResponse => ItemResultStatus.NoResponse,
                Scoring.ResponseStatus.Pending => ItemResultStatus.PendingScoring,
                _ => ItemResultStatus.Scored,
            }));
        return new StudentResult(detail.Result.StudentId, form.Id, form.Version, completed, [.. items]);
    }
}
