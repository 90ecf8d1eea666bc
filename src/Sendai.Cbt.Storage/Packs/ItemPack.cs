using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using MessagePack;
using MessagePack.Resolvers;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;

namespace Sendai.Cbt.Storage.Packs;

/// <summary>Who a pack is for.</summary>
public enum PackKind
{
    /// <summary>Goes to student devices: rendered student-view HTML and the response structure, never an answer key, accepted answer, explanation, hidden test, reference solution or rubric.</summary>
    Student = 1,
    /// <summary>Stays with teachers and the grading server: the full item model (keys included) and teacher-view HTML.</summary>
    Teacher = 2,
}

/// <summary>What a student device needs to capture an answer (labels, blanks…); never the key.</summary>
/// <param name="Labels">Choice labels, order entries, match left labels, or survey options, in display order.</param>
/// <param name="RightLabels">Match right labels.</param>
/// <param name="Blanks">Number of cloze blanks.</param>
/// <param name="Multiple">Several choices may be marked.</param>
/// <param name="Unit">Unit after a numeric input, or null.</param>
/// <param name="MaxLength">Essay character limit, or null.</param>
/// <param name="StarterCode">Program starter code, or null.</param>
public sealed record ResponseShape(ImmutableArray<string> Labels, ImmutableArray<string> RightLabels, int Blanks, bool Multiple, string? Unit, int? MaxLength, string? StarterCode)
{
    /// <summary>The shape of an item (no key material).</summary>
    /// <param name="item">The item.</param>
    public static ResponseShape Of(Item item) => item switch
    {
        ChoiceItem c => new([.. c.Choices.Select(x => x.Label)], [], 0, c.AllowMultiple, null, null, null),
        OrderItem o => new([.. o.Entries.Select(x => x.Label)], [], 0, false, null, null, null),
        MatchItem m => new([.. m.Left.Select(x => x.Label)], [.. m.Right.Select(x => x.Label)], 0, false, null, null, null),
        ClozeItem z => new([], [], z.Blanks.Length, false, null, null, null),
        NumericItem n => new([], [], 0, false, n.Unit, null, null),
        EssayItem e => new([], [], 0, false, null, e.MaxLength, null),
        ProgramItem p => new([], [], 0, false, null, null, p.StarterCode),
        SurveyItem s => new([.. s.Options.Select(x => x.Label)], [], 0, s.Kind == SurveyKind.MultipleChoice, null, null, null),
        _ => new([], [], 0, false, null, null, null),
    };
}

/// <summary>An item in a student pack: metadata, the response structure and rendered HTML by ruby mode.</summary>
/// <param name="Id">Item id.</param>
/// <param name="Type">Item type.</param>
/// <param name="Metadata">教科, 学年, 観点…</param>
/// <param name="StimulusId">Shared stimulus, or null.</param>
/// <param name="Writing">Writing direction.</param>
/// <param name="Html">Student-view HTML fragments by ruby mode (<c>all</c>, <c>none</c>, <c>grade:N</c>).</param>
/// <param name="Shape">The response structure.</param>
public sealed record StudentPackItem(string Id, ItemType Type, ItemMetadata Metadata, string? StimulusId, WritingMode Writing,
    ImmutableDictionary<string, string> Html, ResponseShape Shape);

/// <summary>An item in a teacher pack: the full model and the teacher-view HTML.</summary>
/// <param name="Item">The item, keys included.</param>
/// <param name="Html">Teacher-view HTML fragment.</param>
public sealed record TeacherPackItem(Item Item, string Html);

/// <summary>A shared stimulus with its rendered HTML by ruby mode.</summary>
/// <param name="Stimulus">The stimulus (no secrets: passages and figures).</param>
/// <param name="Html">HTML by ruby mode.</param>
public sealed record PackedStimulus(Stimulus Stimulus, ImmutableDictionary<string, string> Html);

/// <summary>A compiled item-bank pack. Exactly one of <see cref="StudentItems"/> and <see cref="TeacherItems"/> is filled, by <see cref="Kind"/>.</summary>
public sealed record ItemPack
{
    /// <summary>Student or teacher.</summary>
    public required PackKind Kind { get; init; }
    /// <summary>A name (the bank folder), shown by <c>cbt pack verify</c>.</summary>
    public required string Name { get; init; }
    /// <summary>Student items (student packs).</summary>
    public ImmutableArray<StudentPackItem> StudentItems { get; init; } = [];
    /// <summary>Teacher items (teacher packs).</summary>
    public ImmutableArray<TeacherPackItem> TeacherItems { get; init; } = [];
    /// <summary>Shared stimuli.</summary>
    public ImmutableArray<PackedStimulus> Stimuli { get; init; } = [];
    /// <summary>Test forms.</summary>
    public ImmutableArray<TestForm> Forms { get; init; } = [];

    /// <summary>Number of items.</summary>
    public int ItemCount => Kind == PackKind.Student ? StudentItems.Length : TeacherItems.Length;
}

/// <summary>Reading a pack: the pack, or null with diagnostics.</summary>
/// <param name="Pack">The pack, or null when it cannot be used.</param>
/// <param name="Sha256">Hex SHA-256 of the payload (as stored), or empty.</param>
/// <param name="FormatVersion">Format version in the header (0 when unreadable).</param>
/// <param name="Diagnostics">Problems with stable codes (CBT051x).</param>
public sealed record PackReadResult(ItemPack? Pack, string Sha256, int FormatVersion, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when the pack is intact and usable.</summary>
    public bool Ok => Pack is not null && Diagnostics.IsEmpty;
}

/// <summary>
/// The pack file: a 56-byte header — magic <c>SCBTPACK</c>, u32 format version (1), u32 kind, u64 payload length,
/// SHA-256 of the payload — then the MessagePack payload (docs/sessions.md). Reads are for untrusted input: the hash
/// is checked before decoding, counts and string sizes are capped, and the typed parts are read with
/// <see cref="MessagePackSecurity.UntrustedData"/> and a depth limit.
/// </summary>
public static class ItemPackFile
{
    /// <summary>Format version written and read.</summary>
    public const int FormatVersion = 1;
    /// <summary>Header size in bytes.</summary>
    public const int HeaderSize = 56;
    /// <summary>Largest payload accepted (512 MiB).</summary>
    public const long MaxPayloadBytes = 512L << 20;
    /// <summary>Most items, stimuli or forms in a pack.</summary>
    public const int MaxEntries = 200_000;
    /// <summary>Longest string (UTF-8 bytes).</summary>
    public const int MaxStringBytes = 4 << 20;
    /// <summary>Deepest object graph read by the typed serializer.</summary>
    public const int MaxDepth = 32;
    private const string Schema = "sendai-cbt/pack";

    /// <summary>File magic.</summary>
    public static ReadOnlySpan<byte> Magic => "SCBTPACK"u8;

    private static readonly MessagePackSerializerOptions TypedOptions = ContractlessStandardResolver.Options
        .WithSecurity(MessagePackSecurity.UntrustedData.WithMaximumObjectGraphDepth(MaxDepth));

    /// <summary>Writes a pack.</summary>
    /// <param name="output">Target.</param>
    /// <param name="pack">The pack.</param>
    /// <exception cref="ArgumentException">A student pack holds teacher items, or the reverse.</exception>
    public static void Write(Stream output, ItemPack pack)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pack);
        if (pack.Kind == PackKind.Student && !pack.TeacherItems.IsEmpty) throw new ArgumentException("a student pack cannot hold teacher items", nameof(pack));
        if (pack.Kind == PackKind.Teacher && !pack.StudentItems.IsEmpty) throw new ArgumentException("a teacher pack holds teacher items only", nameof(pack));
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        var w = new MessagePackWriter(buffer);
        w.WriteArrayHeader(7);
        w.Write(Schema);
        w.Write((int)pack.Kind);
        w.Write(pack.Name);
        if (pack.Kind == PackKind.Student)
        {
            w.WriteArrayHeader(pack.StudentItems.Length);
            foreach (var i in pack.StudentItems) WriteStudentItem(ref w, i);
        }
        else
        {
            w.WriteArrayHeader(pack.TeacherItems.Length);
            foreach (var i in pack.TeacherItems) WriteTeacherItem(ref w, i);
        }

        w.WriteArrayHeader(pack.Stimuli.Length);
        foreach (var s in pack.Stimuli)
        {
            w.WriteArrayHeader(2);
            w.Write(MessagePackSerializer.Serialize(s.Stimulus, TypedOptions));
            WriteHtml(ref w, s.Html);
        }

        w.WriteArrayHeader(pack.Forms.Length);
        foreach (var f in pack.Forms) w.Write(MessagePackSerializer.Serialize(f, TypedOptions));
        w.WriteNil(); // reserved for extensions
        w.Flush();

        var payload = buffer.WrittenSpan;
        Span<byte> header = stackalloc byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], (int)pack.Kind);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], payload.Length);
        SHA256.HashData(payload, header[24..]);
        output.Write(header);
        output.Write(payload);
    }

    /// <summary>Writes a pack to bytes.</summary>
    /// <param name="pack">The pack.</param>
    public static byte[] ToBytes(ItemPack pack)
    {
        using var ms = new MemoryStream();
        Write(ms, pack);
        return ms.ToArray();
    }

    private static void WriteHtml(ref MessagePackWriter w, ImmutableDictionary<string, string> html)
    {
        w.WriteMapHeader(html.Count);
        foreach (var (k, v) in html.OrderBy(p => p.Key, StringComparer.Ordinal)) { w.Write(k); w.Write(v); }
    }

    private static void WriteStudentItem(ref MessagePackWriter w, StudentPackItem i)
    {
        w.WriteArrayHeader(16);
        w.Write(i.Id);
        w.Write((int)i.Type);
        var m = i.Metadata;
        w.Write(m.Subject);
        w.Write(m.Grade);
        Opt(ref w, m.Domain);
        if (m.Viewpoint is { } vp) w.Write((int)vp); else w.WriteNil();
        w.Write((int)m.Format);
        w.Write(m.Points.ToString(CultureInfo.InvariantCulture));
        w.WriteArrayHeader(m.Tags.IsDefault ? 0 : m.Tags.Length);
        if (!m.Tags.IsDefault) foreach (var t in m.Tags) w.Write(t);
        Opt(ref w, m.Curriculum);
        Opt(ref w, m.Title);
        Opt(ref w, i.StimulusId);
        w.Write((int)i.Writing);
        WriteHtml(ref w, i.Html);
        var s = i.Shape;
        w.WriteArrayHeader(7);
        Strings(ref w, s.Labels);
        Strings(ref w, s.RightLabels);
        w.Write(s.Blanks);
        w.Write(s.Multiple);
        Opt(ref w, s.Unit);
        if (s.MaxLength is { } ml) w.Write(ml); else w.WriteNil();
        Opt(ref w, s.StarterCode);
        w.WriteNil(); // reserved
    }

    private static void WriteTeacherItem(ref MessagePackWriter w, TeacherPackItem t)
    {
        w.WriteArrayHeader(4);
        w.Write((int)t.Item.Type);
        var item = t.Item is ClozeItem c ? c with { Blanks = [] } : t.Item; // the typed serializer cannot resolve the abstract blank type
        w.Write(MessagePackSerializer.Serialize(item.GetType(), item, TypedOptions));
        if (t.Item is ClozeItem cz)
        {
            w.WriteArrayHeader(cz.Blanks.Length);
            foreach (var b in cz.Blanks)
            {
                w.WriteArrayHeader(2);
                w.Write(b switch { TextBlank => 1, NumericBlank => 2, ChoiceBlank => 3, _ => throw new ArgumentException("unknown blank type") });
                w.Write(MessagePackSerializer.Serialize(b.GetType(), b, TypedOptions));
            }
        }
        else
        {
            w.WriteNil();
        }

        w.Write(t.Html);
    }

    private static void Opt(ref MessagePackWriter w, string? s)
    {
        if (s is null) w.WriteNil(); else w.Write(s);
    }

    private static void Strings(ref MessagePackWriter w, ImmutableArray<string> values)
    {
        w.WriteArrayHeader(values.IsDefault ? 0 : values.Length);
        if (!values.IsDefault) foreach (var v in values) w.Write(v);
    }

    /// <summary>Reads a pack file. Never throws for bad content; a missing file throws <see cref="FileNotFoundException"/>.</summary>
    /// <param name="path">The file.</param>
    public static PackReadResult Read(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (fs.Length > MaxPayloadBytes + HeaderSize)
            return Fail(DiagnosticCodes.PackLimitExceeded, path, $"pack of {fs.Length} bytes exceeds the limit");
        var bytes = new byte[fs.Length];
        fs.ReadExactly(bytes);
        return Read(bytes, path);
    }

    private static PackReadResult Fail(string code, string source, string message, string hash = "", int version = 0) =>
        new(null, hash, version, [new Diagnostic(code, Severity.Error, source, 0, 0, message)]);

    /// <summary>Reads a pack from bytes: header, hash, then payload. Never throws for bad content.</summary>
    /// <param name="bytes">The file content.</param>
    /// <param name="source">Name used in diagnostics.</param>
    public static PackReadResult Read(ReadOnlyMemory<byte> bytes, string source)
    {
        var span = bytes.Span;
        if (span.Length < HeaderSize || !span[..8].SequenceEqual(Magic)) return Fail(DiagnosticCodes.PackNotAPack, source, "not an item-bank pack (bad magic or too short)");
        int version = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
        if (version != FormatVersion) return Fail(DiagnosticCodes.PackNotAPack, source, $"pack format version {version} is not supported (this library reads {FormatVersion})", version: version);
        int kindValue = BinaryPrimitives.ReadInt32LittleEndian(span[12..]);
        long length = BinaryPrimitives.ReadInt64LittleEndian(span[16..]);
        string stored = Convert.ToHexStringLower(span.Slice(24, 32));
        if (kindValue is not (1 or 2)) return Fail(DiagnosticCodes.PackCorrupt, source, $"unknown pack kind {kindValue}", stored, version);
        if (length < 0 || length > MaxPayloadBytes) return Fail(DiagnosticCodes.PackLimitExceeded, source, $"payload length {length} is outside 0..{MaxPayloadBytes}", stored, version);
        if (length != span.Length - HeaderSize)
            return Fail(DiagnosticCodes.PackCorrupt, source, $"payload is {span.Length - HeaderSize} bytes but the header says {length} (truncated or extended)", stored, version);
        var payload = bytes[HeaderSize..];
        Span<byte> actual = stackalloc byte[32];
        SHA256.HashData(payload.Span, actual);
        if (!actual.SequenceEqual(span.Slice(24, 32)))
            return Fail(DiagnosticCodes.PackHashMismatch, source, $"payload SHA-256 {Convert.ToHexStringLower(actual)} does not match the header's {stored}", stored, version);
        try
        {
            var pack = Decode(payload, (PackKind)kindValue);
            return new PackReadResult(pack, stored, version, []);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidOperationException or OverflowException or FormatException or ArgumentException or InvalidCastException or NullReferenceException)
        {
            // NullReferenceException: a typed record decoded with a required member missing
            return Fail(DiagnosticCodes.PackCorrupt, source, $"pack payload cannot be decoded: {e.Message}", stored, version);
        }
    }

    private static ItemPack Decode(ReadOnlyMemory<byte> payload, PackKind kind)
    {
        var r = new MessagePackReader(payload);
        int n = r.ReadArrayHeader();
        if (n < 7) throw new FormatException($"payload has {n} fields; 7 expected");
        if (Str(ref r) != Schema) throw new FormatException("payload is not a sendai-cbt/pack");
        if (r.ReadInt32() != (int)kind) throw new FormatException("payload kind differs from the header");
        string name = Str(ref r);
        int items = Count(ref r);
        var student = ImmutableArray.CreateBuilder<StudentPackItem>(kind == PackKind.Student ? items : 0);
        var teacher = ImmutableArray.CreateBuilder<TeacherPackItem>(kind == PackKind.Teacher ? items : 0);
        for (int i = 0; i < items; i++)
        {
            if (kind == PackKind.Student) student.Add(ReadStudentItem(ref r));
            else teacher.Add(ReadTeacherItem(ref r));
        }

        int stimuli = Count(ref r);
        var stim = ImmutableArray.CreateBuilder<PackedStimulus>(stimuli);
        for (int i = 0; i < stimuli; i++)
        {
            if (r.ReadArrayHeader() != 2) throw new FormatException("stimulus entry is not [model, html]");
            var s = Typed<Stimulus>(ref r);
            stim.Add(new PackedStimulus(s, ReadHtml(ref r)));
        }

        int forms = Count(ref r);
        var fs = ImmutableArray.CreateBuilder<TestForm>(forms);
        for (int i = 0; i < forms; i++) fs.Add(Typed<TestForm>(ref r));
        for (int i = 6; i < n; i++) Responses.ResponsePack.SkipBounded(ref r, 1);
        if (!r.End) throw new FormatException("bytes after the payload");
        return new ItemPack
        {
            Kind = kind, Name = name, StudentItems = student.MoveToImmutable(), TeacherItems = teacher.MoveToImmutable(),
            Stimuli = stim.MoveToImmutable(), Forms = fs.MoveToImmutable(),
        };
    }

    private static int Count(ref MessagePackReader r)
    {
        int n = r.ReadArrayHeader();
        if (n > MaxEntries) throw new FormatException($"{n} entries; at most {MaxEntries}");
        return n;
    }

    private static T Typed<T>(ref MessagePackReader r)
    {
        var bin = r.ReadBytes() ?? throw new FormatException("missing model bytes");
        var value = MessagePackSerializer.Deserialize<T>(bin, TypedOptions);
        return value ?? throw new FormatException($"{typeof(T).Name} is nil");
    }

    private static string Str(ref MessagePackReader r)
    {
        if (r.NextMessagePackType != MessagePackType.String) throw new FormatException($"expected a string, found {r.NextMessagePackType}");
        if (r.TryReadStringSpan(out var span))
        {
            if (span.Length > MaxStringBytes) throw new FormatException($"string of {span.Length} bytes; at most {MaxStringBytes}");
            return System.Text.Encoding.UTF8.GetString(span);
        }

        var seq = r.ReadStringSequence()!.Value;
        if (seq.Length > MaxStringBytes) throw new FormatException($"string of {seq.Length} bytes; at most {MaxStringBytes}");
        return System.Text.Encoding.UTF8.GetString(seq.ToArray());
    }

    private static string? OptStr(ref MessagePackReader r) => r.TryReadNil() ? null : Str(ref r);

    private static ImmutableArray<string> Strings(ref MessagePackReader r)
    {
        int n = Count(ref r);
        var b = ImmutableArray.CreateBuilder<string>(n);
        for (int i = 0; i < n; i++) b.Add(Str(ref r));
        return b.MoveToImmutable();
    }

    private static ImmutableDictionary<string, string> ReadHtml(ref MessagePackReader r)
    {
        int n = r.ReadMapHeader();
        if (n > 64) throw new FormatException($"{n} HTML variants; at most 64");
        var b = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            string k = Str(ref r);
            b[k] = Str(ref r);
        }

        return b.ToImmutable();
    }

    private static T Enum<T>(int value) where T : struct, Enum
    {
        var e = (T)System.Enum.ToObject(typeof(T), value);
        return System.Enum.IsDefined(e) ? e : throw new FormatException($"{value} is not a valid {typeof(T).Name}");
    }

    private static StudentPackItem ReadStudentItem(ref MessagePackReader r)
    {
        int n = r.ReadArrayHeader();
        if (n < 16) throw new FormatException($"student item has {n} fields; 16 expected");
        string id = Str(ref r);
        var type = Enum<ItemType>(r.ReadInt32());
        string subject = Str(ref r);
        int grade = r.ReadInt32();
        string? domain = OptStr(ref r);
        Viewpoint? vp = r.TryReadNil() ? null : Enum<Viewpoint>(r.ReadInt32());
        var format = Enum<ItemFormat>(r.ReadInt32());
        string pts = Str(ref r);
        if (pts.Length > 30 || !decimal.TryParse(pts, NumberStyles.Number, CultureInfo.InvariantCulture, out var points)) throw new FormatException("points are not a decimal");
        var tags = Strings(ref r);
        string? curriculum = OptStr(ref r), title = OptStr(ref r), stimulus = OptStr(ref r);
        var writing = Enum<WritingMode>(r.ReadInt32());
        var html = ReadHtml(ref r);
        if (r.ReadArrayHeader() != 7) throw new FormatException("response shape is not 7 fields");
        var labels = Strings(ref r);
        var right = Strings(ref r);
        int blanks = r.ReadInt32();
        bool multiple = r.ReadBoolean();
        string? unit = OptStr(ref r);
        int? maxLength = r.TryReadNil() ? null : r.ReadInt32();
        string? starter = OptStr(ref r);
        for (int i = 15; i < n; i++) Responses.ResponsePack.SkipBounded(ref r, 1);
        var meta = new ItemMetadata { Subject = subject, Grade = grade, Domain = domain, Viewpoint = vp, Format = format, Points = points, Tags = tags, Curriculum = curriculum, Title = title };
        return new StudentPackItem(id, type, meta, stimulus, writing, html, new ResponseShape(labels, right, blanks, multiple, unit, maxLength, starter));
    }

    private static TeacherPackItem ReadTeacherItem(ref MessagePackReader r)
    {
        if (r.ReadArrayHeader() != 4) throw new FormatException("teacher item is not [type, model, blanks, html]");
        var type = Enum<ItemType>(r.ReadInt32());
        var bin = r.ReadBytes() ?? throw new FormatException("missing item bytes");
        Type clr = type switch
        {
            ItemType.Choice or ItemType.Multiple => typeof(ChoiceItem),
            ItemType.Text => typeof(TextItem),
            ItemType.Numeric => typeof(NumericItem),
            ItemType.Order => typeof(OrderItem),
            ItemType.Match => typeof(MatchItem),
            ItemType.Cloze => typeof(ClozeItem),
            ItemType.Essay => typeof(EssayItem),
            ItemType.Program => typeof(ProgramItem),
            _ => typeof(SurveyItem),
        };
        var item = (Item?)MessagePackSerializer.Deserialize(clr, bin, TypedOptions) ?? throw new FormatException("item is nil");
        if (item.Id is null || item.Metadata is null || item.Prompt is null) throw new FormatException("item lacks id, metadata or prompt");
        if (!r.TryReadNil())
        {
            int nb = Count(ref r);
            var blanks = ImmutableArray.CreateBuilder<ClozeBlank>(nb);
            for (int i = 0; i < nb; i++)
            {
                if (r.ReadArrayHeader() != 2) throw new FormatException("blank is not [type, model]");
                int tag = r.ReadInt32();
                var bb = r.ReadBytes() ?? throw new FormatException("missing blank bytes");
                Type bt = tag switch { 1 => typeof(TextBlank), 2 => typeof(NumericBlank), 3 => typeof(ChoiceBlank), _ => throw new FormatException($"unknown blank type {tag}") };
                blanks.Add((ClozeBlank?)MessagePackSerializer.Deserialize(bt, bb, TypedOptions) ?? throw new FormatException("blank is nil"));
            }

            if (item is not ClozeItem cz) throw new FormatException("blanks on an item that is not cloze");
            item = cz with { Blanks = blanks.MoveToImmutable() };
        }

        return new TeacherPackItem(item, Str(ref r));
    }
}
