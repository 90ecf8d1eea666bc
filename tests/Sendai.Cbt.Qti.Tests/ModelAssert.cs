using System.Xml.Linq;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Items;
using Sendai.Cbt.Qti.Export;
using Xunit;

namespace Sendai.Cbt.Qti.Tests;

/// <summary>Compares two items field by field; Markdown fields are compared by their rendered XHTML (the QTI content), so
/// equivalent spellings (Aozora vs Denden ruby, * vs _) count as equal.</summary>
internal static class ModelAssert
{
    public static string Render(string? markdown, bool inline = false)
    {
        if (markdown is null) return "<null>";
        var w = new XhtmlWriter("x", new List<Diagnostic>());
        var nodes = inline ? w.Inline(markdown) : w.Blocks(markdown);
        return string.Concat(nodes.Select(n => n.ToString(SaveOptions.DisableFormatting)));
    }

    public static void Equal(Item expected, Item actual)
    {
        var ctx = expected.Id;
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Type, actual.Type);
        var (m1, m2) = (expected.Metadata, actual.Metadata);
        Assert.True(m1.Subject == m2.Subject, $"{ctx}: subject {m1.Subject} vs {m2.Subject}");
        Assert.Equal(m1.Grade, m2.Grade);
        Assert.Equal(m1.Domain, m2.Domain);
        Assert.Equal(m1.Viewpoint, m2.Viewpoint);
        Assert.Equal(m1.Format, m2.Format);
        Assert.True(m1.Points == m2.Points, $"{ctx}: points {m1.Points} vs {m2.Points}");
        Assert.Equal(m1.Tags.ToArray(), m2.Tags.ToArray());
        Assert.Equal(m1.Curriculum, m2.Curriculum);
        Assert.Equal(m1.Title, m2.Title);
        Assert.True(Render(expected.Prompt) == Render(actual.Prompt), $"{ctx}: prompt\n{expected.Prompt}\n---\n{actual.Prompt}\n{Render(expected.Prompt)}\n{Render(actual.Prompt)}");
        Assert.Equal(expected.StimulusId, actual.StimulusId);
        Assert.Equal(Render(expected.Explanation), Render(actual.Explanation));
        Assert.Equal(expected.Hints.Select(h => Render(h)), actual.Hints.Select(h => Render(h)));
        Assert.Equal(expected.Writing, actual.Writing);
        Assert.True(expected.Shuffle == actual.Shuffle, $"{ctx}: shuffle");
        switch (expected, actual)
        {
            case (ChoiceItem a, ChoiceItem b):
                Assert.Equal(a.AllowMultiple, b.AllowMultiple);
                Assert.Equal(a.Scoring, b.Scoring);
                Assert.Equal(a.Choices.Length, b.Choices.Length);
                for (int i = 0; i < a.Choices.Length; i++)
                {
                    var (x, y) = (a.Choices[i], b.Choices[i]);
                    Assert.Equal(x.Label, y.Label);
                    Assert.True(Render(x.Content, true) == Render(y.Content, true), $"{ctx}: choice {x.Label}: {x.Content} vs {y.Content}");
                    Assert.Equal(x.IsCorrect, y.IsCorrect);
                    Assert.Equal(x.Fixed, y.Fixed);
                    Assert.Equal(x.Points, y.Points);
                    Assert.Equal(x.Feedback is null ? null : Render(x.Feedback, true), y.Feedback is null ? null : Render(y.Feedback, true));
                }
                break;
            case (TextItem a, TextItem b):
                Assert.Equal(a.Answers.ToArray(), b.Answers.ToArray());
                Assert.Equal(a.PartialAnswers.ToArray(), b.PartialAnswers.ToArray());
                Assert.Equal(a.Normalization, b.Normalization);
                Assert.Equal(a.KanjiRequired, b.KanjiRequired);
                break;
            case (NumericItem a, NumericItem b):
                Assert.Equal(a.Value, b.Value);
                Assert.Equal(a.Tolerance, b.Tolerance);
                Assert.Equal(a.ToleranceKind, b.ToleranceKind);
                Assert.Equal(a.Unit, b.Unit);
                break;
            case (OrderItem a, OrderItem b):
                Assert.Equal(a.Entries.Select(e => (e.Label, Render(e.Content, true))), b.Entries.Select(e => (e.Label, Render(e.Content, true))));
                Assert.Equal(a.CorrectOrder.ToArray(), b.CorrectOrder.ToArray());
                break;
            case (MatchItem a, MatchItem b):
                Assert.Equal(a.Left.Select(e => (e.Label, Render(e.Content, true))), b.Left.Select(e => (e.Label, Render(e.Content, true))));
                Assert.Equal(a.Right.Select(e => (e.Label, Render(e.Content, true))), b.Right.Select(e => (e.Label, Render(e.Content, true))));
                Assert.Equal(a.Pairs.OrderBy(p => p.Key), b.Pairs.OrderBy(p => p.Key));
                break;
            case (ClozeItem a, ClozeItem b):
                Assert.Equal(a.Normalization, b.Normalization);
                Assert.Equal(a.Blanks.Length, b.Blanks.Length);
                for (int i = 0; i < a.Blanks.Length; i++)
                {
                    var (x, y) = (a.Blanks[i], b.Blanks[i]);
                    Assert.Equal(x.Number, y.Number);
                    Assert.Equal(x.Points, y.Points);
                    switch (x, y)
                    {
                        case (TextBlank tx, TextBlank ty): Assert.Equal(tx.Answers.ToArray(), ty.Answers.ToArray()); break;
                        case (NumericBlank nx, NumericBlank ny): Assert.Equal((nx.Value, nx.Tolerance, nx.Unit), (ny.Value, ny.Tolerance, ny.Unit)); break;
                        case (ChoiceBlank cx, ChoiceBlank cy): Assert.Equal(cx.Options.ToArray(), cy.Options.ToArray()); Assert.Equal(cx.CorrectIndex, cy.CorrectIndex); break;
                        default: Assert.Fail($"{ctx}: blank {x.Number} kind {x.GetType().Name} vs {y.GetType().Name}"); break;
                    }
                }
                break;
            case (EssayItem a, EssayItem b):
                Assert.Equal(a.Rubric.Select(l => (l.Points, Render(l.Descriptor, true))), b.Rubric.Select(l => (l.Points, Render(l.Descriptor, true))));
                Assert.Equal(a.MaxLength, b.MaxLength);
                Assert.Equal(Render(a.ModelAnswer), Render(b.ModelAnswer));
                break;
            case (ProgramItem a, ProgramItem b):
                Assert.Equal(a.EntryFunction, b.EntryFunction);
                Assert.Equal(a.StarterCode.TrimEnd(), b.StarterCode.TrimEnd());
                Assert.Equal(a.ReferenceSolution?.TrimEnd(), b.ReferenceSolution?.TrimEnd());
                Assert.Equal(a.Tests.Length, b.Tests.Length);
                for (int i = 0; i < a.Tests.Length; i++)
                {
                    var (x, y) = (a.Tests[i], b.Tests[i]);
                    Assert.Equal((x.Number, x.ArgumentsJson, x.ExpectedJson, x.Points, x.Hidden, x.Comparison, x.Tolerance, x.Description),
                        (y.Number, y.ArgumentsJson, y.ExpectedJson, y.Points, y.Hidden, y.Comparison, y.Tolerance, y.Description));
                }
                break;
            case (SurveyItem a, SurveyItem b):
                Assert.Equal(a.Kind, b.Kind);
                Assert.Equal(a.Required, b.Required);
                Assert.Equal(a.Scale?.Min, b.Scale?.Min);
                Assert.Equal(a.Scale?.Max, b.Scale?.Max);
                Assert.Equal(a.Scale?.Labels.ToArray() ?? [], b.Scale?.Labels.ToArray() ?? []);
                Assert.Equal(a.Options.Select(e => (e.Label, Render(e.Content, true))), b.Options.Select(e => (e.Label, Render(e.Content, true))));
                break;
            default:
                Assert.Fail($"{ctx}: unexpected types");
                break;
        }
    }
}
