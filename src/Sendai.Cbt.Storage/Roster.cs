using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Storage.Responses;

namespace Sendai.Cbt.Storage;

/// <summary>One student of a class roster.</summary>
/// <param name="StudentId">Id used in response and result files.</param>
/// <param name="Name">Name as printed (e.g. 𠮷田 葵).</param>
/// <param name="Kana">Reading in kana, or null.</param>
/// <param name="ClassName">Class (e.g. 5年1組), or null.</param>
/// <param name="Number">出席番号, or null.</param>
public sealed record RosterEntry(string StudentId, string Name, string? Kana, string? ClassName, int? Number);

/// <summary>
/// A class roster read from CSV <c>student_id,name,kana,class,number</c> (UTF-8, BOM allowed; kana, class and number may
/// be empty). Reports look students up by id and fall back to the id when a student is missing.
/// </summary>
public sealed class Roster
{
    private readonly Dictionary<string, RosterEntry> _byId;

    private Roster(ImmutableArray<RosterEntry> entries, ImmutableArray<Diagnostic> diagnostics)
    {
        Entries = entries;
        Diagnostics = diagnostics;
        _byId = entries.ToDictionary(e => e.StudentId, StringComparer.Ordinal);
    }

    /// <summary>An empty roster.</summary>
    public static Roster Empty { get; } = new([], []);

    /// <summary>The students in file order.</summary>
    public ImmutableArray<RosterEntry> Entries { get; }
    /// <summary>Rows that could not be read (CBT0703).</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>The entry of a student, or null.</summary>
    /// <param name="studentId">The id.</param>
    public RosterEntry? Find(string studentId) => _byId.GetValueOrDefault(studentId);

    /// <summary>Builds a roster from entries (later duplicates are ignored).</summary>
    /// <param name="entries">The entries.</param>
    public static Roster Create(IEnumerable<RosterEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return new Roster([.. entries.Where(e => seen.Add(e.StudentId))], []);
    }

    /// <summary>Reads a roster file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Roster Read(string path)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
        return Parse(reader, path);
    }

    /// <summary>Parses roster CSV text. Bad rows become diagnostics (CBT0703) and are skipped.</summary>
    /// <param name="text">The CSV text.</param>
    /// <param name="source">Name for diagnostics.</param>
    public static Roster Parse(TextReader text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var diags = new List<Diagnostic>();
        var entries = ImmutableArray.CreateBuilder<RosterEntry>();
        var csv = new CsvRecordReader(text);
        Diagnostic Bad(int line, string message) => new(DiagnosticCodes.RosterRowInvalid, Severity.Error, source, line, 0, message);
        if (!csv.Next(out var header, out _, out var err))
        {
            diags.Add(Bad(1, err ?? "roster is empty"));
            return new Roster([], [.. diags]);
        }
        int Col(string name) => header.FindIndex(h => h.Trim().TrimStart('\uFEFF').Equals(name, StringComparison.OrdinalIgnoreCase));
        int id = Col("student_id"), name = Col("name"), kana = Col("kana"), cls = Col("class"), number = Col("number");
        if (id < 0 || name < 0)
        {
            diags.Add(Bad(1, "roster header must have student_id and name (student_id,name,kana,class,number)"));
            return new Roster([], [.. diags]);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Next(out var f, out int line, out err))
        {
            if (f.Count == 1 && f[0].Length == 0) continue;
            string Cell(int c) => c >= 0 && c < f.Count ? f[c].Trim() : "";
            string sid = Cell(id), nm = Cell(name);
            if (sid.Length == 0) { diags.Add(Bad(line, "student_id is empty")); continue; }
            if (nm.Length == 0) { diags.Add(Bad(line, $"student '{sid}': name is empty")); continue; }
            if (nm.Length > 100) { diags.Add(Bad(line, $"student '{sid}': name is longer than 100 characters")); continue; }
            if (!seen.Add(sid)) { diags.Add(Bad(line, $"duplicate student id '{sid}'")); continue; }
            int? num = null;
            string numText = Cell(number);
            if (numText.Length > 0)
            {
                if (int.TryParse(numText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 0) num = n;
                else diags.Add(Bad(line, $"student '{sid}': number '{numText}' is not a whole number; ignored"));
            }
            entries.Add(new RosterEntry(sid, nm, Cell(kana) is { Length: > 0 } k ? k : null, Cell(cls) is { Length: > 0 } c ? c : null, num));
        }
        if (err is not null) diags.Add(Bad(0, err));
        return new Roster(entries.ToImmutable(), [.. diags]);
    }
}
