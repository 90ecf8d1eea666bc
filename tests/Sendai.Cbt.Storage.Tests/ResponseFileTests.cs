using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MessagePack;
using Sendai.Cbt.Core.Tests.Scoring;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Storage;
using Sendai.Cbt.Storage.Responses;
using Xunit;

namespace Sendai.Cbt.Storage.Tests;

public sealed class ResponseFileTests
{
    private static readonly CompiledForm Form = TestBank.Compile();

    private static string Csv(ResponseBatch batch)
    {
        var w = new StringWriter();
        ResponseCsv.Write(w, batch.ItemIds, batch.Students);
        return w.ToString();
    }

    private static string Fingerprint(GradingResult r) =>
        string.Join('\n', r.Items.Select(i => $"{i.ItemId}|{i.Correct}|{i.Partial}|{i.Wrong}|{i.Invalid}|{i.NoResponse}|{i.Pending}|{i.ScoreSum}|{string.Join(',', i.Answers.Select(a => a.Answer + ":" + a.Count))}"))
        + "\n" + string.Join(',', Enumerable.Range(0, r.AcceptedRows).Select(s => $"{r.Matrix.StudentIds[s]}={r.Total(s)}:" +
            string.Concat(Enumerable.Range(0, r.Matrix.ItemCount).Select(i => ResultFiles.Code(r.Matrix.Status(s, i))))));

    [Property(MaxTest = 10)]
    public bool Csv_and_MessagePack_inputs_give_the_same_results(PositiveInt seed)
    {
        var batch = ResponseSimulator.Generate(Form, 300, seed.Get);
        var fromCsv = Grading.Grade(Form, ResponseCsv.Read(new StringReader(Csv(batch)), "r.csv", "f"));
        var bytes = ResponsePack.Write(batch);
        var fast = Grader.GradeBytes(Form, bytes, "r.msgpack", 2);
        var model = Grading.Grade(Form, ResponsePack.Read(bytes, "r.msgpack"));
        return Fingerprint(fromCsv) == Fingerprint(fast) && Fingerprint(model) == Fingerprint(fast) && fast.Diagnostics.IsEmpty;
    }

    [Fact]
    public void Fast_path_does_not_depend_on_threads()
    {
        var bytes = ResponsePack.Write(ResponseSimulator.Generate(Form, 3000, 11));
        Assert.Equal(Fingerprint(Grader.GradeBytes(Form, bytes, "", 1)), Fingerprint(Grader.GradeBytes(Form, bytes, "", 4)));
    }

    [Fact]
    public void Csv_cells_quotes_essay_scores_and_bad_rows()
    {
        var csv = "student_id,choice,text,essay,essay:score,cloze,ghost\n" +
                  "s1,B,\"東京,\",\"長い\n記述\",2,東京;1400;東,x\n" +
                  "s2,Q,東京,,,,\n" +
                  "s1,B,東京,,,,\n" +
                  "s3,B,東京,,,,,,extra\n";
        var batch = ResponseCsv.Read(new StringReader(csv), "r.csv", "f");
        var r = Grading.Grade(Form, batch);
        Assert.Equal(2, r.AcceptedRows);
        Assert.Equal(2, r.RejectedRows);
        Assert.Contains(r.Diagnostics, d => d.Code == DiagnosticCodes.DuplicateStudent && d.Line == 5);
        Assert.Contains(r.Diagnostics, d => d.Code == DiagnosticCodes.MalformedRow && d.Line == 6);
        Assert.Contains(r.Diagnostics, d => d.Code == DiagnosticCodes.InvalidResponse && d.Line == 4 && d.Column == 2);
        Assert.Contains(r.Diagnostics, d => d.Code == DiagnosticCodes.UnknownResponseItem && d.Column == 7);
        Assert.Contains(r.Diagnostics, d => d.Code == DiagnosticCodes.MissingItemColumn);
        int essay = Form.IndexOf("essay");
        Assert.Equal(ResponseStatus.Partial, r.Matrix.Status(0, essay));
        Assert.Equal(ResponseStatus.NoResponse, r.Matrix.Status(1, essay));
        Assert.Equal(ResponseStatus.Wrong, r.Matrix.Status(0, Form.IndexOf("text"))); // "東京," is not 東京
        Assert.Equal(4m, r.Matrix.Score(0, Form.IndexOf("cloze")));
    }

    [Fact]
    public void Csv_header_must_start_with_student_id()
    {
        var b = ResponseCsv.Read(new StringReader("id,choice\ns1,B\n"), "r.csv", "f");
        Assert.Equal(DiagnosticCodes.UnsupportedResponseFormat, Assert.Single(b.Diagnostics).Code);
    }

    [Fact]
    public void Truncated_MessagePack_keeps_rows_before_the_damage()
    {
        var bytes = ResponsePack.Write(ResponseSimulator.Generate(Form, 50, 5));
        var cut = bytes[..(bytes.Length * 2 / 3)];
        var r = Grader.GradeBytes(Form, cut, "cut.msgpack");
        Assert.InRange(r.AcceptedRows, 25, 34);
        Assert.Equal(50, r.AcceptedRows + r.RejectedRows);
        var d = Assert.Single(r.Diagnostics, x => x.Code == DiagnosticCodes.ResponseFileCorrupt);
        Assert.Equal(r.AcceptedRows + 1, d.Line);
    }

    [Property(MaxTest = 100)]
    public bool Corrupt_MessagePack_never_throws(PositiveInt at, byte value)
    {
        var bytes = ResponsePack.Write(ResponseSimulator.Generate(Form, 8, 5));
        bytes[at.Get % bytes.Length] = value;
        var r = Grader.GradeBytes(Form, bytes, "x.msgpack", 2);
        return r.AcceptedRows + r.RejectedRows <= 8 || r.Diagnostics.Length > 0;
    }

    [Fact]
    public void Wrong_kinds_and_deep_nesting_are_reported_with_positions()
    {
        var buf = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buf);
        w.WriteArrayHeader(6);
        w.Write(ResponsePack.SchemaName); w.Write(1); w.Write("f"); w.WriteNil();
        w.WriteArrayHeader(2); w.Write("choice"); w.Write("num");
        w.WriteArrayHeader(3);
        w.WriteArrayHeader(2); w.Write("s1"); w.WriteArrayHeader(2); w.Write(true); w.Write(12.5);
        w.WriteArrayHeader(2); w.Write("s2"); w.WriteArrayHeader(2); w.Write("B");
        for (int i = 0; i < 20; i++) w.WriteArrayHeader(1);
        w.WriteNil();
        w.WriteArrayHeader(2); w.Write("s3"); w.WriteArrayHeader(1); w.Write("B");
        w.Flush();
        var r = Grader.GradeBytes(Form, buf.WrittenMemory.ToArray(), "x.msgpack");
        Assert.Contains(r.Diagnostics, d => d.Code == DiagnosticCodes.InvalidResponse && d.Line == 1 && d.Column == 1);
        Assert.Contains(r.Diagnostics, d => d.Code == DiagnosticCodes.ResponseFileCorrupt && d.Line == 2);
        Assert.Equal(ResponseStatus.Correct, r.Matrix.Status(0, Form.IndexOf("num")));
        Assert.Equal(1, r.AcceptedRows);
    }

    [Fact]
    public void Unsupported_version_reads_nothing()
    {
        var buf = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buf);
        w.WriteArrayHeader(6); w.Write(ResponsePack.SchemaName); w.Write(2); w.Flush();
        var r = Grader.GradeBytes(Form, buf.WrittenMemory.ToArray(), "v2.msgpack");
        Assert.Equal(DiagnosticCodes.UnsupportedResponseFormat, Assert.Single(r.Diagnostics).Code);
        Assert.Equal(0, r.AcceptedRows);
    }

    [Fact]
    public void Output_files_are_written()
    {
        var dir = Directory.CreateTempSubdirectory("cbt-out-").FullName;
        try
        {
            var r = Grading.Grade(Form, ResponseSimulator.Generate(Form, 10, 1));
            var files = Grader.WriteOutputs(r, dir);
            var results = File.ReadAllLines(files[0]);
            Assert.Equal(11, results.Length);
            Assert.StartsWith("student_id,score,max_score,percent,no_response,pending,choice,", results[0]);
            Assert.Contains("grade:知識・技能", results[0]);
            var items = File.ReadAllLines(files[1]);
            Assert.Equal(Form.Items.Length + 1, items.Length);
            var top = new MessagePackReader(File.ReadAllBytes(files[2]));
            Assert.Equal(7, top.ReadArrayHeader());
            Assert.Equal("sendai-cbt/results", top.ReadString());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

public sealed class ProgramCsvTests
{
    [Fact]
    public void Multi_line_program_sources_round_trip_through_csv()
    {
        var form = TestBank.Compile([TestBank.Choice, TestBank.ProgramWithSolution, TestBank.Text]);
        var batch = ResponseSimulator.Generate(form, 200, 4);
        var w = new StringWriter();
        ResponseCsv.Write(w, batch.ItemIds, batch.Students);
        var csv = w.ToString();
        Assert.Contains("\"function sum(a) {\r\n  let t = 0; // \"\"合計\"\", 0から\r\n", csv); // RFC 4180: quoted, quotes doubled, line breaks kept
        var back = ResponseCsv.Read(new StringReader(csv), "p.csv", form.Form.Id);
        Assert.Empty(back.Diagnostics);
        Assert.Equal(batch.Students.Length, back.Students.Length);
        for (int s = 0; s < batch.Students.Length; s++)
        {
            Assert.Equal(batch.Students[s].StudentId, back.Students[s].StudentId);
            Assert.Equal(batch.Students[s].Responses.Select(r => r.ToCell()), back.Students[s].Responses.Select(r => r.ToCell()));
        }

        // the line of each record accounts for the line breaks inside quoted sources
        int lines = 1 + batch.Students.Take(10).Sum(s => 1 + s.Responses.Sum(r => r.ToCell().Count(c => c == '\n')));
        Assert.Equal(lines + 1, back.Students[10].Line);
    }
}

public sealed class MappedFileTests
{
    [Fact]
    public void Grading_a_file_maps_it_and_gives_the_same_results_as_the_bytes()
    {
        var form = TestBank.Compile();
        var bytes = ResponsePack.Write(ResponseSimulator.Generate(form, 500, 8));
        var path = Path.Combine(Path.GetTempPath(), $"cbt-map-{Guid.NewGuid():N}.msgpack");
        var empty = Path.ChangeExtension(path, ".empty.msgpack");
        try
        {
            File.WriteAllBytes(path, bytes);
            File.WriteAllBytes(empty, []);
            var run = Grader.GradeFile(form, path, TimeProvider.System, 2);
            var direct = Grader.GradeBytes(form, bytes, path, 1);
            Assert.Equal(500, run.Students);
            var a = new StringWriter(); ResultFiles.WriteResultsCsv(run.Result, a); ResultFiles.WriteItemsCsv(run.Result, a);
            var b = new StringWriter(); ResultFiles.WriteResultsCsv(direct, b); ResultFiles.WriteItemsCsv(direct, b);
            Assert.Equal(b.ToString(), a.ToString());
            File.Delete(path); // the mapping is released after grading
            var none = Grader.GradeFile(form, empty, TimeProvider.System);
            Assert.Equal(DiagnosticCodes.ResponseFileCorrupt, Assert.Single(none.Result.Diagnostics).Code); // as before mapping: an empty file is a truncated batch
        }
        finally
        {
            File.Delete(path);
            File.Delete(empty);
        }
    }
}

public sealed class CommittedProgrammingClassTests
{
    /// <summary>content/responses/programming-practice-class40.csv: <c>cbt simulate --form programming-practice --students 40 --seed 2026</c>.</summary>
    [Fact]
    public void Committed_programming_class_reads_back_with_multi_line_sources()
    {
        var batch = ResponseCsv.Read(Path.Combine(Sendai.Cbt.Tests.RepoPaths.Content, "responses", "programming-practice-class40.csv"), "programming-practice");
        Assert.Empty(batch.Diagnostics);
        Assert.Equal(40, batch.Students.Length);
        Assert.Equal(["prog-g7-sum-01", "prog-g7-max-01", "prog-g8-evens-01", "fizzbuzz"], batch.ItemIds.ToArray());
        var sources = batch.Students.SelectMany(s => s.Responses).Where(r => !r.IsNoResponse).Select(r => r.Parts[0]!).ToList();
        Assert.True(sources.Count > 100);
        Assert.All(sources, s => Assert.Contains('\n', s));
        Assert.Contains(sources, s => s.Contains("for (;;)", StringComparison.Ordinal));
    }
}
