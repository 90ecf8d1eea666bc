using System.Buffers.Binary;

namespace Sendai.Cbt.Storage.Responses;

/// <summary>
/// Minimal MessagePack structure walking on a byte span for the grading hot path: finds where a value ends without
/// decoding it. Any anomaly (truncation, the never-used code 0xC1, nesting deeper than the limit, an array or map
/// header larger than the remaining bytes) returns -1, and the caller falls back to <c>MessagePackReader</c>, which
/// then produces the usual diagnostics — so this class never decides what is an error, it only finds the easy case.
/// </summary>
internal static class RawMsgPack
{
    /// <summary>The end offset of the value starting at <paramref name="pos"/>, or -1 (see the class remarks).</summary>
    public static int SkipValue(ReadOnlySpan<byte> s, int pos, int depth)
    {
        if ((uint)pos >= (uint)s.Length) return -1;
        byte c = s[pos];
        if (c <= 0x7F || c >= 0xE0 || c is 0xC0 or 0xC2 or 0xC3) return pos + 1; // fixint, nil, bool
        if (c >= 0xA0 && c <= 0xBF) return Span(s, pos + 1, c & 0x1F);        // fixstr
        if (c >= 0x90 && c <= 0x9F) return Elements(s, pos + 1, c & 0x0F, depth);
        if (c >= 0x80 && c <= 0x8F) return Elements(s, pos + 1, 2 * (c & 0x0F), depth);
        switch (c)
        {
            case 0xCC or 0xD0: return Span(s, pos + 1, 1);
            case 0xCD or 0xD1: return Span(s, pos + 1, 2);
            case 0xCE or 0xD2 or 0xCA: return Span(s, pos + 1, 4);
            case 0xCF or 0xD3 or 0xCB: return Span(s, pos + 1, 8);
            case 0xD9 or 0xC4: return Len8(s, pos, 0);
            case 0xDA or 0xC5: return Len16(s, pos, 0);
            case 0xDB or 0xC6: return Len32(s, pos, 0);
            case 0xD4: return Span(s, pos + 1, 2);
            case 0xD5: return Span(s, pos + 1, 3);
            case 0xD6: return Span(s, pos + 1, 5);
            case 0xD7: return Span(s, pos + 1, 9);
            case 0xD8: return Span(s, pos + 1, 17);
            case 0xC7: return Len8(s, pos, 1);
            case 0xC8: return Len16(s, pos, 1);
            case 0xC9: return Len32(s, pos, 1);
            case 0xDC:
                if (pos + 3 > s.Length) return -1;
                return Elements(s, pos + 3, BinaryPrimitives.ReadUInt16BigEndian(s[(pos + 1)..]), depth);
            case 0xDD:
                if (pos + 5 > s.Length) return -1;
                return Elements(s, pos + 5, BinaryPrimitives.ReadUInt32BigEndian(s[(pos + 1)..]), depth);
            case 0xDE:
                if (pos + 3 > s.Length) return -1;
                return Elements(s, pos + 3, 2L * BinaryPrimitives.ReadUInt16BigEndian(s[(pos + 1)..]), depth);
            case 0xDF:
                if (pos + 5 > s.Length) return -1;
                return Elements(s, pos + 5, 2L * BinaryPrimitives.ReadUInt32BigEndian(s[(pos + 1)..]), depth);
            default:
                return -1; // 0xC1
        }
    }

    /// <summary>Reads an array header at <paramref name="pos"/>: the element count, and the offset of the first element in <paramref name="next"/>; -1 when it is not an array.</summary>
    public static long ArrayHeader(ReadOnlySpan<byte> s, int pos, out int next)
    {
        next = -1;
        if ((uint)pos >= (uint)s.Length) return -1;
        byte c = s[pos];
        if (c >= 0x90 && c <= 0x9F) { next = pos + 1; return c & 0x0F; }
        if (c == 0xDC && pos + 3 <= s.Length) { next = pos + 3; return BinaryPrimitives.ReadUInt16BigEndian(s[(pos + 1)..]); }
        if (c == 0xDD && pos + 5 <= s.Length) { next = pos + 5; return BinaryPrimitives.ReadUInt32BigEndian(s[(pos + 1)..]); }
        return -1;
    }

    /// <summary>True when the value at <paramref name="pos"/> is nil.</summary>
    public static bool IsNil(ReadOnlySpan<byte> s, int pos) => (uint)pos < (uint)s.Length && s[pos] == 0xC0;

    private static int Span(ReadOnlySpan<byte> s, int start, long length) =>
        length <= s.Length - start ? start + (int)length : -1;

    private static int Len8(ReadOnlySpan<byte> s, int pos, int extra) =>
        pos + 2 > s.Length ? -1 : Span(s, pos + 2, s[pos + 1] + extra);

    private static int Len16(ReadOnlySpan<byte> s, int pos, int extra) =>
        pos + 3 > s.Length ? -1 : Span(s, pos + 3, BinaryPrimitives.ReadUInt16BigEndian(s[(pos + 1)..]) + extra);

    private static int Len32(ReadOnlySpan<byte> s, int pos, int extra) =>
        pos + 5 > s.Length ? -1 : Span(s, pos + 5, (long)BinaryPrimitives.ReadUInt32BigEndian(s[(pos + 1)..]) + extra);

    private static int Elements(ReadOnlySpan<byte> s, int pos, long count, int depth)
    {
        if (depth >= ResponsePack.MaxDepth || count > s.Length - pos) return -1;
        for (long i = 0; i < count; i++)
        {
            if ((uint)pos >= (uint)s.Length) return -1;
            byte c = s[pos];
            if ((uint)(c - 0xA0) < 0x20) pos += 1 + (c & 0x1F); // fixstr (checked at the next element or the end)
            else if (c <= 0x7F || c == 0xC0) pos++;          // fixint, nil
            else if ((pos = SkipValue(s, pos, depth + 1)) < 0) return -1;
        }

        return pos <= s.Length ? pos : -1;
    }
}
