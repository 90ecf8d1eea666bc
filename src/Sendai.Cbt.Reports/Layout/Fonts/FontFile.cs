using System.Buffers.Binary;

namespace Sendai.Cbt.Reports.Layout.Fonts;

/// <summary>
/// The few TrueType tables the layout layer needs from a font file: the cmap (which characters the
/// face has a glyph for) and the horizontal advances. Immutable and thread-safe after construction.
/// </summary>
internal sealed class FontFile
{
    private readonly Dictionary<int, ushort> _glyphs;
    private readonly ushort[] _advances;

    private FontFile(string faceName, Dictionary<int, ushort> glyphs, ushort[] advances, int unitsPerEm)
    {
        FaceName = faceName;
        _glyphs = glyphs;
        _advances = advances;
        UnitsPerEm = unitsPerEm;
    }

    /// <summary>Face name used with the PDFsharp font resolver (the resource file name).</summary>
    public string FaceName { get; }

    /// <summary>Design units per em.</summary>
    public int UnitsPerEm { get; }

    /// <summary>Number of characters mapped by the cmap.</summary>
    public int MappedCharacterCount => _glyphs.Count;

    /// <summary>True when the face has a glyph for the code point.</summary>
    public bool HasGlyph(int codePoint) => _glyphs.ContainsKey(codePoint);

    /// <summary>Advance width of the code point in em (0 when the face lacks it).</summary>
    public double Advance(int codePoint)
    {
        if (!_glyphs.TryGetValue(codePoint, out var glyph))
            return 0;
        var index = Math.Min(glyph, _advances.Length - 1);
        return _advances[index] / (double)UnitsPerEm;
    }

    /// <summary>Reads the cmap, head, hhea and hmtx tables of a TrueType/OpenType font.</summary>
    public static FontFile Parse(string faceName, ReadOnlySpan<byte> data)
    {
        var tables = ReadTableDirectory(data);
        var head = Table(data, tables, "head");
        int unitsPerEm = BinaryPrimitives.ReadUInt16BigEndian(head[18..]);
        var hhea = Table(data, tables, "hhea");
        int numberOfHMetrics = BinaryPrimitives.ReadUInt16BigEndian(hhea[34..]);
        var hmtx = Table(data, tables, "hmtx");
        var advances = new ushort[numberOfHMetrics];
        for (int i = 0; i < numberOfHMetrics; i++)
            advances[i] = BinaryPrimitives.ReadUInt16BigEndian(hmtx[(i * 4)..]);
        var glyphs = ReadCmap(Table(data, tables, "cmap"));
        return new FontFile(faceName, glyphs, advances, unitsPerEm);
    }

    private static Dictionary<string, (int Offset, int Length)> ReadTableDirectory(ReadOnlySpan<byte> data)
    {
        int numTables = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        var tables = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        for (int i = 0; i < numTables; i++)
        {
            var record = data.Slice(12 + (16 * i), 16);
            var tag = System.Text.Encoding.ASCII.GetString(record[..4]);
            tables[tag] = ((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
        }
        return tables;
    }

    private static ReadOnlySpan<byte> Table(ReadOnlySpan<byte> data, Dictionary<string, (int Offset, int Length)> tables, string tag)
    {
        if (!tables.TryGetValue(tag, out var t))
            throw new InvalidDataException($"Font has no '{tag}' table.");
        return data.Slice(t.Offset, t.Length);
    }

    private static Dictionary<int, ushort> ReadCmap(ReadOnlySpan<byte> cmap)
    {
        int numTables = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
        int format4 = -1, format12 = -1;
        for (int i = 0; i < numTables; i++)
        {
            var record = cmap.Slice(4 + (8 * i), 8);
            int platform = BinaryPrimitives.ReadUInt16BigEndian(record);
            int encoding = BinaryPrimitives.ReadUInt16BigEndian(record[2..]);
            int offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[4..]);
            int format = BinaryPrimitives.ReadUInt16BigEndian(cmap[offset..]);
            bool unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
            if (!unicode)
                continue;
            if (format == 12)
                format12 = offset;
            else if (format == 4 && format4 < 0)
                format4 = offset;
        }

        var map = new Dictionary<int, ushort>();
        if (format4 >= 0)
            ReadFormat4(cmap[format4..], map);
        if (format12 >= 0)
            ReadFormat12(cmap[format12..], map);
        if (map.Count == 0)
            throw new InvalidDataException("Font has no Unicode cmap (format 4 or 12).");
        return map;
    }

    private static void ReadFormat4(ReadOnlySpan<byte> sub, Dictionary<int, ushort> map)
    {
        int segCount = BinaryPrimitives.ReadUInt16BigEndian(sub[6..]) / 2;
        int endCodes = 14, startCodes = endCodes + (2 * segCount) + 2, deltas = startCodes + (2 * segCount), rangeOffsets = deltas + (2 * segCount);
        for (int s = 0; s < segCount; s++)
        {
            int end = BinaryPrimitives.ReadUInt16BigEndian(sub[(endCodes + (2 * s))..]);
            int start = BinaryPrimitives.ReadUInt16BigEndian(sub[(startCodes + (2 * s))..]);
            int delta = BinaryPrimitives.ReadInt16BigEndian(sub[(deltas + (2 * s))..]);
            int rangeOffsetPos = rangeOffsets + (2 * s);
            int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(sub[rangeOffsetPos..]);
            for (int c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0)
                {
                    glyph = (c + delta) & 0xFFFF;
                }
                else
                {
                    int pos = rangeOffsetPos + rangeOffset + (2 * (c - start));
                    if (pos + 2 > sub.Length)
                        continue;
                    glyph = BinaryPrimitives.ReadUInt16BigEndian(sub[pos..]);
                    if (glyph != 0)
                        glyph = (glyph + delta) & 0xFFFF;
                }
                if (glyph != 0)
                    map[c] = (ushort)glyph;
            }
        }
    }

    private static void ReadFormat12(ReadOnlySpan<byte> sub, Dictionary<int, ushort> map)
    {
        int groups = (int)BinaryPrimitives.ReadUInt32BigEndian(sub[12..]);
        for (int g = 0; g < groups; g++)
        {
            var group = sub.Slice(16 + (12 * g), 12);
            int start = (int)BinaryPrimitives.ReadUInt32BigEndian(group);
            int end = (int)BinaryPrimitives.ReadUInt32BigEndian(group[4..]);
            int glyph = (int)BinaryPrimitives.ReadUInt32BigEndian(group[8..]);
            for (int c = start; c <= end; c++)
            {
                int id = glyph + (c - start);
                if (id != 0 && id <= ushort.MaxValue)
                    map[c] = (ushort)id;
            }
        }
    }
}
