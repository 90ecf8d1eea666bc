using System.Collections.Immutable;
using System.CommandLine;
using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Markdown.Rendering;
using Sendai.Cbt.Storage.Packs;

namespace Sendai.Cbt.Cli.Commands;

/// <summary><c>cbt pack &lt;dir&gt; -o FILE [--student|--teacher]</c> and <c>cbt pack verify FILE</c>.</summary>
internal static class PackCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        var dir = new Argument<string>("dir") { Description = "Content folder (items/, forms/)." };
        var output = new Option<string>("-o", "--out") { Description = "Pack file to write (.cbtpack).", Required = true };
        var student = new Option<bool>("--student") { Description = "Student pack (default): rendered items without answer keys." };
        var teacher = new Option<bool>("--teacher") { Description = "Teacher pack: full items with keys, explanations, hidden tests and rubrics." };
        var cmd = new Command("pack", "Compile an item bank into a versioned, hashed MessagePack pack for offline devices.");
        cmd.Arguments.Add(dir);
        cmd.Options.Add(output);
        cmd.Options.Add(student);
        cmd.Options.Add(teacher);
        cmd.SetAction(r => Build(r.GetValue(dir)!, r.GetValue(output)!, r.GetValue(student), r.GetValue(teacher), stdout, stderr, time));

        var file = new Argument<string>("file") { Description = "Pack file." };
        var verify = new Command("verify", "Check a pack's header, SHA-256 and payload; exit code 0 when intact.");
        verify.Arguments.Add(file);
        verify.SetAction(r => Verify(r.GetValue(file)!, stdout, stderr, time));
        cmd.Subcommands.Add(verify);
        return cmd;
    }

    /// <summary>
    /// Student pack from a loaded bank: student-view HTML with all ruby and with none; no key material. Titles and tags
    /// are left out too: authors often name an item after its answer (title 著作権, answer 著作権).
    /// </summary>
    internal static ItemPack StudentPack(ItemBank bank, string name)
    {
        var renderer = new ItemRenderer();
        var all = new RenderOptions { View = RenderView.Student, Ruby = RubyMode.All };
        var none = new RenderOptions { View = RenderView.Student, Ruby = RubyMode.None };
        ImmutableDictionary<string, string> Html(Func<RenderOptions, string> render) =>
            ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal).Add("all", render(all)).Add("none", render(none));
        return new ItemPack
        {
            Kind = PackKind.Student, Name = name,
            StudentItems = [.. bank.Items.Select(i => new StudentPackItem(i.Id, i.Type, i.Metadata with { Title = null, Tags = [] }, i.StimulusId, i.Writing, Html(o => renderer.RenderItem(i, o)), ResponseShape.Of(i)))],
            Stimuli = [.. bank.Stimuli.Select(s => new PackedStimulus(s, Html(o => renderer.RenderStimulus(s, o))))],
            Forms = bank.Forms,
        };
    }

    /// <summary>Teacher pack: the full items and teacher-view HTML.</summary>
    internal static ItemPack TeacherPack(ItemBank bank, string name)
    {
        var renderer = new ItemRenderer();
        var teacher = new RenderOptions { View = RenderView.Teacher, Ruby = RubyMode.All };
        return new ItemPack
        {
            Kind = PackKind.Teacher, Name = name,
            TeacherItems = [.. bank.Items.Select(i => new TeacherPackItem(i, renderer.RenderItem(i, teacher)))],
            Stimuli = [.. bank.Stimuli.Select(s => new PackedStimulus(s, ImmutableDictionary<string, string>.Empty.Add("all", renderer.RenderStimulus(s, teacher))))],
            Forms = bank.Forms,
        };
    }

    internal static int Build(string dir, string output, bool student, bool teacher, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        if (student && teacher)
        {
            stderr.WriteLine("cbt: choose one of --student and --teacher");
            return ExitCodes.Usage;
        }

        if (!Directory.Exists(dir))
        {
            stderr.WriteLine($"cbt: {dir}: folder not found");
            return ExitCodes.IoError;
        }

        long start = time.GetTimestamp();
        var bank = BankLoading.Load(dir);
        foreach (var d in bank.Diagnostics.Where(d => d.Severity == Diagnostics.Severity.Error)) stderr.WriteLine(d);
        if (!bank.IsValid)
        {
            stderr.WriteLine("cbt: the bank has errors; no pack written");
            return ExitCodes.ContentErrors;
        }

        if (!teacher && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(BankLoading.DisplayKeyVariable))
            && bank.Items.Any(i => i is OrderItem or MatchItem))
        {
            stderr.WriteLine($"cbt: warning: {BankLoading.DisplayKeyVariable} is not set: the display order of order and match items can be computed from their ids, and with it the answer; set the bank's secret key for real tests");
        }
        string name = Path.GetFileName(Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar));
        var pack = teacher ? TeacherPack(bank, name) : StudentPack(bank, name);
        try
        {
            var target = Path.GetDirectoryName(Path.GetFullPath(output));
            if (target is not null) Directory.CreateDirectory(target);
            string tmp = output + ".tmp";
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                ItemPackFile.Write(fs, pack);
                fs.Flush(true);
            }

            File.Move(tmp, output, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cbt: cannot write {output}: {e.Message}");
            return ExitCodes.IoError;
        }

        stdout.WriteLine($"wrote {pack.Kind.ToString().ToLowerInvariant()} pack {output}: {pack.ItemCount} items, {pack.Stimuli.Length} stimuli, {pack.Forms.Length} forms, {new FileInfo(output).Length} bytes in {time.GetElapsedTime(start).TotalMilliseconds:0} ms");
        return ExitCodes.Ok;
    }

    internal static int Verify(string path, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        if (!File.Exists(path))
        {
            stderr.WriteLine($"cbt: {path}: file not found");
            return ExitCodes.IoError;
        }

        long start = time.GetTimestamp();
        PackReadResult r;
        try
        {
            r = ItemPackFile.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cbt: cannot read {path}: {e.Message}");
            return ExitCodes.IoError;
        }

        foreach (var d in r.Diagnostics) stdout.WriteLine(d);
        if (r.Pack is { } p)
            stdout.WriteLine($"{path}: intact {p.Kind.ToString().ToLowerInvariant()} pack '{p.Name}', format {r.FormatVersion}, {p.ItemCount} items, {p.Stimuli.Length} stimuli, {p.Forms.Length} forms, sha256 {r.Sha256}, loaded in {time.GetElapsedTime(start).TotalMilliseconds:0} ms");
        return r.Ok ? ExitCodes.Ok : ExitCodes.ContentErrors;
    }
}
