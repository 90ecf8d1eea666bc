using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sendai.Cbt.Analysis.IO;
using Sendai.Cbt.Analysis.Irt;

namespace Sendai.Cbt.Cli.Commands;

/// <summary><c>cbt irt</c>: calibrates an IRT model on a response CSV and prints parameters, fit and sum-score EAPs.</summary>
internal static class IrtCommand
{
    /// <summary>Builds the command; output goes to the given writers.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = new Option<string>("--data") { Description = "Response CSV: header of item ids, one row per person or pattern, optional freq and id columns; values 0..k, empty = not administered, NR = no response.", Required = true };
        var model = new Option<string>("--model") { Description = "rasch | 1pl | 2pl | 3pl | grm | pcm | gpcm (default 2pl).", DefaultValueFactory = _ => "2pl" };
        var quad = new Option<string>("--quadrature") { Description = "equal:N:lo:hi (default equal:61:-6:6, as mirt) or gh:N (Gauss–Hermite; ltm uses 21).", DefaultValueFactory = _ => "equal:61:-6:6" };
        var scores = new Option<string?>("--scores") { Description = "Also score every row: eap | map | ml | wle." };
        var json = new Option<bool>("--json") { Description = "Print JSON: model, logLik, iterations, items (id, a, d, b, c, standard errors), sumScores (eap, sd)." };
        var cmd = new Command("irt", "Calibrate an IRT model by marginal maximum likelihood (Bock–Aitkin EM).");
        cmd.Options.Add(data);
        cmd.Options.Add(model);
        cmd.Options.Add(quad);
        cmd.Options.Add(scores);
        cmd.Options.Add(json);
        cmd.SetAction(r => Run(r.GetValue(data)!, r.GetValue(model)!, r.GetValue(quad)!, r.GetValue(scores), r.GetValue(json), stdout, stderr));
        return cmd;
    }

    internal static int Run(string dataPath, string modelName, string quadrature, string? scoreMethod, bool json, TextWriter stdout, TextWriter stderr)
    {
        if (!IrtModelNames.TryParse(modelName, out var model)) { stderr.WriteLine($"cbt irt: unknown model '{modelName}' (rasch, 1pl, 2pl, 3pl, grm, pcm, gpcm)"); return ExitCodes.Usage; }
        Quadrature q;
        try { q = Quadrature.Parse(quadrature); }
        catch (FormatException e) { stderr.WriteLine($"cbt irt: {e.Message}"); return ExitCodes.Usage; }
        ScoringMethod? method = null;
        if (scoreMethod is not null)
        {
            if (!Enum.TryParse<ScoringMethod>(scoreMethod, ignoreCase: true, out var mth) || !Enum.IsDefined(mth)) { stderr.WriteLine($"cbt irt: unknown scoring method '{scoreMethod}' (eap, map, ml, wle)"); return ExitCodes.Usage; }
            method = mth;
        }
        if (!File.Exists(dataPath)) { stderr.WriteLine($"cbt irt: file not found: {dataPath}"); return ExitCodes.IoError; }
        Sendai.Cbt.Analysis.ScoreMatrix matrix;
        CalibrationResult fit;
        try
        {
            matrix = ScoreMatrixCsv.ReadFile(dataPath);
            fit = IrtCalibration.Fit(matrix, new IrtCalibrationOptions { Model = model, Quadrature = q });
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            stderr.WriteLine($"cbt irt: {dataPath}: {e.Message}");
            return ExitCodes.ContentErrors;
        }
        var scorer = fit.Scorer();
        var table = scorer.SumScoreTable();
        var persons = method is ScoringMethod sm ? scorer.ScoreAll(matrix, sm) : default;
        if (json) WriteJson(stdout, fit, table, matrix, persons, method);
        else WriteText(stdout, fit, table, scorer, matrix, persons, method);
        if (!fit.Converged) stderr.WriteLine($"cbt irt: warning: not converged after {fit.Iterations} EM cycles");
        return ExitCodes.Ok;
    }

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "NA";

    private static void WriteText(TextWriter o, CalibrationResult fit, System.Collections.Immutable.ImmutableArray<SumScoreEap> table, PersonScorer scorer,
        Sendai.Cbt.Analysis.ScoreMatrix matrix, System.Collections.Immutable.ImmutableArray<ThetaEstimate> persons, ScoringMethod? method)
    {
        o.WriteLine($"model {fit.Model.ToName()}, {fit.Persons.ToString(CultureInfo.InvariantCulture)} persons, {fit.Items.Length} items, quadrature {fit.Quadrature}");
        o.WriteLine($"logLik {fit.LogLikelihood.ToString("0.000", CultureInfo.InvariantCulture)}  AIC {fit.Aic.ToString("0.000", CultureInfo.InvariantCulture)}  BIC {fit.Bic.ToString("0.000", CultureInfo.InvariantCulture)}  parameters {fit.ParameterCount}  EM cycles {fit.Iterations}{(fit.Converged ? "" : " (NOT converged)")}");
        o.WriteLine($"marginal reliability {F(scorer.MarginalReliability())}");
        o.WriteLine();
        o.WriteLine("item        a (se)             d (se)             b (se)             c (se)");
        foreach (var it in fit.Items)
            for (int k = 0; k < it.D.Length; k++)
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(k == 0 ? it.Id : ""),-10} {(k == 0 ? $"{F(it.A)} ({F(it.SeA)})" : ""),-18} {F(it.D[k])} ({F(it.SeD.IsDefaultOrEmpty ? double.NaN : it.SeD[k])})  {F(it.B[k])} ({F(it.SeB.IsDefaultOrEmpty ? double.NaN : it.SeB[k])})  {(k == 0 && fit.Model == IrtModel.ThreePL ? $"{F(it.C)} ({F(it.SeC)})" : "")}"));
        o.WriteLine();
        o.WriteLine("sum score   EAP      SD       proportion");
        foreach (var s in table) o.WriteLine($"{s.SumScore,9}   {F(s.Eap),-8} {F(s.Sd),-8} {F(s.Probability)}");
        if (method is null) return;
        o.WriteLine();
        o.WriteLine($"row  id  theta ({method.Value.ToString().ToUpperInvariant()})  se  weight");
        for (int i = 0; i < persons.Length; i++)
            o.WriteLine($"{i + 1} {matrix.PersonIds[i] ?? "-"} {F(persons[i].Theta)} {F(persons[i].Se)} {matrix.Weight(i).ToString(CultureInfo.InvariantCulture)}{(persons[i].Extreme ? " extreme" : "")}");
    }

    private static void WriteJson(TextWriter o, CalibrationResult fit, System.Collections.Immutable.ImmutableArray<SumScoreEap> table,
        Sendai.Cbt.Analysis.ScoreMatrix matrix, System.Collections.Immutable.ImmutableArray<ThetaEstimate> persons, ScoringMethod? method)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            void Num(string name, double v) { if (double.IsFinite(v)) w.WriteNumber(name, v); else w.WriteNull(name); }
            void NumOrList(string name, System.Collections.Immutable.ImmutableArray<double> v, bool list)
            {
                if (v.IsDefaultOrEmpty) { w.WriteNull(name); return; }
                if (!list) { Num(name, v[0]); return; }
                w.WriteStartArray(name);
                foreach (var x in v) if (double.IsFinite(x)) w.WriteNumberValue(x); else w.WriteNullValue();
                w.WriteEndArray();
            }
            w.WriteStartObject();
            w.WriteString("model", fit.Model.ToName());
            w.WriteString("quadrature", fit.Quadrature.ToString());
            Num("persons", fit.Persons);
            Num("logLik", fit.LogLikelihood);
            Num("aic", fit.Aic);
            Num("bic", fit.Bic);
            w.WriteNumber("parameters", fit.ParameterCount);
            w.WriteNumber("iterations", fit.Iterations);
            w.WriteBoolean("converged", fit.Converged);
            Num("latentMean", fit.LatentMean);
            Num("latentSd", fit.LatentSd);
            w.WriteStartArray("items");
            foreach (var it in fit.Items)
            {
                bool list = it.D.Length > 1;
                w.WriteStartObject();
                w.WriteString("id", it.Id);
                w.WriteString("model", it.Model.ToName());
                Num("a", it.A);
                NumOrList("d", it.D, list);
                NumOrList("b", it.B, list);
                Num("c", it.C);
                Num("seA", it.SeA);
                NumOrList("seD", it.SeD, list);
                NumOrList("seB", it.SeB, list);
                Num("seC", it.SeC);
                if (it.ContentArea is not null) w.WriteString("area", it.ContentArea);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("sumScores");
            foreach (var s in table)
            {
                w.WriteStartObject();
                w.WriteNumber("score", s.SumScore);
                Num("eap", s.Eap);
                Num("sd", s.Sd);
                Num("proportion", s.Probability);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (method is ScoringMethod m)
            {
                w.WriteString("scoring", m.ToString().ToLowerInvariant());
                w.WriteStartArray("persons");
                for (int i = 0; i < persons.Length; i++)
                {
                    w.WriteStartObject();
                    w.WriteNumber("row", i + 1);
                    if (matrix.PersonIds[i] is string id) w.WriteString("id", id);
                    Num("theta", persons[i].Theta);
                    Num("se", persons[i].Se);
                    w.WriteBoolean("extreme", persons[i].Extreme);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
    }
}
