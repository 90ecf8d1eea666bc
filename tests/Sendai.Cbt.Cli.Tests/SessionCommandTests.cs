using System.CommandLine;
using System.Text;
using System.Text.Json;
using Sendai.Cbt.Cli.Commands;
using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Storage.Packs;
using Sendai.Cbt.Tests;
using Xunit;

namespace Sendai.Cbt.Cli.Tests;

public sealed class SessionCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cbt-sess-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var so = new StringWriter();
        var se = new StringWriter();
        var root = new RootCommand();
        root.Subcommands.Add(SessionCommand.Create(so, se, TimeProvider.System));
        root.Subcommands.Add(LogCommand.Create(so, se, TimeProvider.System));
        root.Subcommands.Add(PackCommand.Create(so, se, TimeProvider.System));
        int exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = so, Error = se });
        return (exit, so.ToString(), se.ToString());
    }

    [Fact]
    public void Play_acknowledges_every_answer_and_replay_json_carries_seq()
    {
        string log = Path.Combine(_dir, "a.cbtlog");
        var (exit, output, err) = Run("session", "play", "--form", "g5-math-check", "--bank", RepoPaths.Content, "--log", log, "--seed", "5");
        Assert.True(exit == 0, err);
        var acks = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => long.Parse(l["ack ".Length..].Trim())).ToList();
        Assert.Equal(5, acks.Count);
        (exit, output, _) = Run("session", "replay", log, "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var answers = doc.RootElement.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "answer").ToList();
        Assert.Equal(acks, answers.Select(a => a.GetProperty("seq").GetInt64()));
        Assert.Equal("submitted", doc.RootElement.GetProperty("state").GetProperty("status").GetString());
        Assert.Equal(0, Run("log", "verify", log).Exit);
        string results = Path.Combine(_dir, "r.msgpack");
        Assert.Equal(0, Run("session", "replay", log, "--results", results).Exit);
        Assert.True(File.Exists(results));
    }

    [Fact]
    public void Log_verify_reports_damage_with_exit_codes()
    {
        string log = Path.Combine(_dir, "b.cbtlog");
        Run("session", "play", "--form", "g5-math-check", "--bank", RepoPaths.Content, "--log", log);
        var bytes = File.ReadAllBytes(log);
        File.WriteAllBytes(log, bytes[..^3]);
        var (exit, output, _) = Run("log", "verify", log);
        Assert.Equal(1, exit);
        Assert.Contains("CBT0501", output);
        bytes[40] ^= 1;
        File.WriteAllBytes(log, bytes);
        (exit, output, _) = Run("log", "verify", log);
        Assert.Equal(1, exit);
        Assert.Contains("CBT0502", output);
        Assert.Equal(3, Run("log", "verify", Path.Combine(_dir, "missing.cbtlog")).Exit);
    }

    [Fact]
    public void Crash_test_every_acknowledged_answer_survives_sigkill()
    {
        string host = Path.Combine(AppContext.BaseDirectory, "Sendai.Cbt.Sessions.CrashHost.dll");
        Assert.True(File.Exists(host), host);
        var (exit, output, err) = Run("session", "stress", "--iterations", "3", "--bank", RepoPaths.Content, "--seed", "42", "--child", $"dotnet {host}");
        Assert.True(exit == 0, output + err);
        Assert.Contains("0 failures", output);
    }

    [Fact]
    public void Student_pack_holds_rendered_items_and_no_answer_key()
    {
        string file = Path.Combine(_dir, "bank.cbtpack");
        var (exit, output, err) = Run("pack", RepoPaths.Content, "-o", file, "--student");
        Assert.True(exit == 0, err);
        Assert.Contains("student pack", output);
        Assert.Equal(0, Run("pack", "verify", file).Exit);
        var read = ItemPackFile.Read(file);
        Assert.True(read.Ok);
        var bank = ItemBankLoader.Load(RepoPaths.Content);
        Assert.Equal(bank.Items.Length, read.Pack!.StudentItems.Length);
        Assert.All(read.Pack.StudentItems, i => Assert.Contains("<", i.Html["all"]));
        string text = Encoding.UTF8.GetString(File.ReadAllBytes(file));
        int checkedSecrets = 0;
        foreach (var item in bank.Items)
        {
            string pub = item.Metadata.Domain + item.Prompt + string.Concat(item.Hints) + (item.StimulusId is { } sid ? bank.FindStimulus(sid)?.Content : "") + item switch
            {
                ChoiceItem c => string.Concat(c.Choices.Select(x => x.Content)),
                OrderItem o => string.Concat(o.Entries.Select(x => x.Content)),
                MatchItem m => string.Concat(m.Left.Concat(m.Right).Select(x => x.Content)),
                ClozeItem z => string.Concat(z.Blanks.OfType<ChoiceBlank>().SelectMany(b => b.Options)),
                ProgramItem p => p.StarterCode + string.Concat(p.Tests.Where(t => !t.Hidden).Select(t => t.ArgumentsJson + t.ExpectedJson + t.Description)),
                _ => "",
            };
            var secrets = new List<string?> { item.Explanation };
            switch (item)
            {
                case TextItem t: secrets.AddRange(t.Answers); secrets.AddRange(t.PartialAnswers.Select(p => p.Answer)); break;
                case ClozeItem z: secrets.AddRange(z.Blanks.OfType<TextBlank>().SelectMany(b => b.Answers)); break;
                case EssayItem e: secrets.AddRange(e.Rubric.Select(r => r.Descriptor)); secrets.Add(e.ModelAnswer); break;
                case ProgramItem p: secrets.Add(p.ReferenceSolution); secrets.AddRange(p.Tests.Where(t => t.Hidden).Select(t => t.ArgumentsJson)); break;
                case ChoiceItem c: secrets.AddRange(c.Choices.Select(x => x.Feedback)); break;
            }

            foreach (var s in secrets.OfType<string>().Select(s => s.Trim()).Where(s => s.Length >= 3 && !pub.Contains(s, StringComparison.Ordinal)))
            {
                checkedSecrets++;
                var packed = read.Pack.StudentItems.Single(p => p.Id == item.Id);
                string itemText = string.Concat(packed.Html.Values) + packed.Shape.StarterCode + packed.Shape.Unit + string.Concat(packed.Shape.Labels);
                Assert.False(itemText.Contains(s, StringComparison.Ordinal), $"student pack leaks '{s}' of {item.Id}");
                if (s.Length >= 8) Assert.False(text.Contains(s, StringComparison.Ordinal), $"student pack file contains '{s}' of {item.Id}");
            }
        }

        Assert.True(checkedSecrets > 10, $"only {checkedSecrets} secrets checked");
        Assert.DoesNotContain("cbt-view-banner", text);
    }

    [Fact]
    public void Teacher_pack_round_trips_the_items_and_corruption_is_reported()
    {
        string file = Path.Combine(_dir, "teacher.cbtpack");
        Assert.Equal(0, Run("pack", RepoPaths.Content, "-o", file, "--teacher").Exit);
        var read = ItemPackFile.Read(file);
        Assert.True(read.Ok, string.Join("; ", read.Diagnostics));
        var bank = ItemBankLoader.Load(RepoPaths.Content);
        var again = ItemPackFile.Read(ItemPackFile.ToBytes(read.Pack!), "again");
        Assert.True(again.Ok);
        Assert.Equal(read.Pack!.TeacherItems.Length, again.Pack!.TeacherItems.Length);
        foreach (var (x, y) in bank.Items.Zip(again.Pack.TeacherItems.Select(t => t.Item)))
        {
            Assert.Equal(x.GetType(), y.GetType());
            Assert.Equal((x.Id, x.Metadata.Subject, x.Metadata.Grade, x.Metadata.Points, x.Metadata.Format, x.Metadata.Viewpoint), (y.Id, y.Metadata.Subject, y.Metadata.Grade, y.Metadata.Points, y.Metadata.Format, y.Metadata.Viewpoint));
            Assert.Equal(x.Metadata.Tags.ToArray(), y.Metadata.Tags.ToArray());
            Assert.Equal(x.Explanation, y.Explanation);
            if (x is MatchItem mx) Assert.Equal(mx.Pairs.OrderBy(p => p.Key), ((MatchItem)y).Pairs.OrderBy(p => p.Key));
            if (x is ClozeItem cx) Assert.Equal(cx.Blanks.Select(b => b.GetType()), ((ClozeItem)y).Blanks.Select(b => b.GetType()));
            if (x is ProgramItem px) Assert.Equal(px.Tests.Select(t => t.ExpectedJson + t.Hidden), ((ProgramItem)y).Tests.Select(t => t.ExpectedJson + t.Hidden));
        }
        Assert.Equal(bank.Items.Select(i => i.Id), read.Pack!.TeacherItems.Select(t => t.Item.Id));
        var text = Assert.IsType<TextItem>(read.Pack.TeacherItems.First(t => t.Item is TextItem).Item);
        Assert.Equal(((TextItem)bank.FindItem(text.Id)!).Answers.ToArray(), text.Answers.ToArray());
        var bytes = File.ReadAllBytes(file);
        bytes[^10] ^= 0x40;
        File.WriteAllBytes(file, bytes);
        var (exit, output, _) = Run("pack", "verify", file);
        Assert.Equal(1, exit);
        Assert.Contains("CBT0511", output);
        Assert.Equal(2, Run("pack", RepoPaths.Content, "-o", file, "--student", "--teacher").Exit);
    }
}
