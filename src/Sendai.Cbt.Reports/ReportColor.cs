using System.Globalization;

namespace Sendai.Cbt.Reports;

/// <summary>An opaque RGB colour for text, lines and fills.</summary>
/// <param name="R">Red, 0–255.</param>
/// <param name="G">Green, 0–255.</param>
/// <param name="B">Blue, 0–255.</param>
public readonly record struct ReportColor(byte R, byte G, byte B)
{
    /// <summary>Black (text default).</summary>
    public static ReportColor Black => new(0, 0, 0);

    /// <summary>White.</summary>
    public static ReportColor White => new(255, 255, 255);

    /// <summary>Dark grey for secondary text and axes.</summary>
    public static ReportColor DarkGrey => new(89, 89, 89);

    /// <summary>Mid grey for table borders.</summary>
    public static ReportColor Grey => new(150, 150, 150);

    /// <summary>Light grey for header backgrounds.</summary>
    public static ReportColor LightGrey => new(235, 235, 235);

    /// <summary>Blue used for bars by default (readable in greyscale print).</summary>
    public static ReportColor Blue => new(46, 104, 170);

    /// <summary>Orange used for reference markers by default (e.g. the class average).</summary>
    public static ReportColor Orange => new(230, 120, 20);

    /// <summary>Red.</summary>
    public static ReportColor Red => new(200, 30, 30);

    /// <summary>Parses <c>#RRGGBB</c> or <c>RRGGBB</c>.</summary>
    /// <exception cref="FormatException">The text is not a six-digit hexadecimal colour.</exception>
    public static ReportColor FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var s = hex.StartsWith('#') ? hex[1..] : hex;
        if (s.Length != 6 || !int.TryParse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v))
            throw new FormatException($"'{hex}' is not a colour of the form #RRGGBB.");
        return new ReportColor((byte)(v >> 16), (byte)(v >> 8), (byte)v);
    }
}
