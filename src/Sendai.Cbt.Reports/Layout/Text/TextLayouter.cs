using System.Text;
using Sendai.Cbt.Reports.Layout.Fonts;

namespace Sendai.Cbt.Reports.Layout.Text;

/// <summary>A run of characters drawn with one font at one position.</summary>
internal sealed record GlyphRun(double X, string Text, string Family, bool Bold, double Size, ReportColor Color);

/// <summary>A run of a ruby reading, already centred over its base.</summary>
internal sealed record RubyRun(double X, string Text, string Family, bool Bold, double Size, ReportColor Color);

/// <summary>One laid-out line of text.</summary>
internal sealed record LaidOutLine(IReadOnlyList<GlyphRun> Runs, IReadOnlyList<RubyRun> Rubies, double Height, double Baseline, double RubyBaseline, double ContentWidth)
{
    /// <summary>The line's characters (trailing spaces excluded), for tests and diagnostics.</summary>
    public string Text => string.Concat(Runs.Select(r => r.Text));
}

/// <summary>
/// Lays out a paragraph: picks a font per character (BIZ UD Gothic, else Noto Sans JP), measures,
/// breaks lines with <see cref="JapaneseLineBreaker"/> and positions runs and ruby.
/// </summary>
internal static class TextLayouter
{
    /// <summary>Ruby size relative to the base text.</summary>
    public const double RubyScale = 0.5;

    /// <summary>Ascent of the ideographic em box used for baselines.</summary>
    public const double Ascent = 0.88;

    private sealed record Piece(string Text, string Family, double Width);

    private sealed record Unit(IReadOnlyList<Piece> Pieces, TextStyle Style, string? Ruby, double BaseWidth, double RubyWidth, double Width, bool HardBreak);

    /// <summary>The family (main or fallback) that draws a code point.</summary>
    public static string FamilyFor(int codePoint, bool bold)
    {
        var main = EmbeddedFonts.Metrics(bold ? EmbeddedFonts.MainBold : EmbeddedFonts.MainRegular);
        if (main.HasGlyph(codePoint))
            return EmbeddedFonts.MainFamily;
        var fallback = EmbeddedFonts.Metrics(bold ? EmbeddedFonts.FallbackBold : EmbeddedFonts.FallbackRegular);
        return fallback.HasGlyph(codePoint) ? EmbeddedFonts.FallbackFamily : EmbeddedFonts.MainFamily;
    }

    /// <summary>Measures a string in points with per-character fallback.</summary>
    public static double Measure(string text, TextStyle style)
        => JapaneseLineBreaker.Clusters(text).Sum(c => MakePiece(c, style).Width);

    private static Piece MakePiece(string cluster, TextStyle style)
    {
        int baseCp = JapaneseLineBreaker.CodePointAt(cluster, 0);
        var family = FamilyFor(baseCp, style.Bold);
        var face = EmbeddedFonts.Metrics(EmbeddedFonts.FaceFor(family, style.Bold)!);
        var kept = new StringBuilder(cluster.Length);
        double width = 0;
        for (int i = 0; i < cluster.Length; i += char.IsSurrogatePair(cluster, i) ? 2 : 1)
        {
            int cp = JapaneseLineBreaker.CodePointAt(cluster, i);
            if (i > 0 && !face.HasGlyph(cp))
                continue; // a selector or mark the face cannot draw is dropped rather than shown as a box
            if (char.IsSurrogate(cluster[i]) && !char.IsSurrogatePair(cluster, i))
                continue; // a lone surrogate cannot be drawn
            kept.Append(char.ConvertFromUtf32(cp));
            width += face.HasGlyph(cp) ? face.Advance(cp) * style.Size : (cp is ' ' ? 0.25 : 1.0) * style.Size;
        }
        return new Piece(kept.ToString(), family, width);
    }

    /// <summary>Lays out a paragraph into lines of at most <paramref name="width"/> points.</summary>
    public static List<LaidOutLine> Layout(ParagraphModel paragraph, TextStyle baseStyle, double width)
    {
        var paragraphStyle = paragraph.Style.Apply(baseStyle);
        var units = new List<Unit>();
        foreach (var span in paragraph.Spans)
        {
            var style = span.Style.Apply(paragraphStyle);
            if (span.Ruby is not null && span.Text.Length > 0)
            {
                var pieces = JapaneseLineBreaker.Clusters(span.Text).Select(c => MakePiece(c, style)).ToList();
                double baseWidth = pieces.Sum(p => p.Width);
                var rubyStyle = style with { Size = style.Size * RubyScale };
                double rubyWidth = Measure(span.Ruby, rubyStyle);
                units.Add(new Unit(pieces, style, span.Ruby, baseWidth, rubyWidth, Math.Max(baseWidth, rubyWidth), false));
                continue;
            }
            foreach (var cluster in JapaneseLineBreaker.Clusters(span.Text))
            {
                if (cluster == "\r")
                    continue;
                if (cluster == "\n")
                {
                    units.Add(new Unit([], style, null, 0, 0, 0, true));
                    continue;
                }
                var piece = MakePiece(cluster, style);
                units.Add(new Unit([piece], style, null, piece.Width, 0, piece.Width, false));
            }
        }

        var lines = new List<LaidOutLine>();
        int segmentStart = 0;
        for (int i = 0; i <= units.Count; i++)
        {
            if (i < units.Count && !units[i].HardBreak)
                continue;
            var segment = units.GetRange(segmentStart, i - segmentStart);
            if (segment.Count == 0)
                lines.Add(EmptyLine(paragraphStyle, paragraph.LineSpacing));
            else
                BreakSegment(segment, paragraph, width, lines);
            segmentStart = i + 1;
        }
        return lines;
    }

    private static string UnitText(Unit u) => string.Concat(u.Pieces.Select(p => p.Text));

    private static void BreakSegment(List<Unit> segment, ParagraphModel paragraph, double width, List<LaidOutLine> lines)
    {
        var breakUnits = new List<BreakUnit>(segment.Count);
        for (int i = 0; i < segment.Count; i++)
        {
            var text = UnitText(segment[i]);
            if (text.Length == 0)
                text = "\uFFFD";
            bool glue = i > 0 && segment[i].Ruby is null && segment[i - 1].Ruby is null
                && JapaneseLineBreaker.Glues(JapaneseLineBreaker.LastBase(breakUnits[i - 1].Text), JapaneseLineBreaker.CodePointAt(text, 0));
            breakUnits.Add(new BreakUnit(text, segment[i].Width, glue));
        }
        foreach (var (start, end) in JapaneseLineBreaker.Break(breakUnits, width))
        {
            int contentEnd = end;
            while (contentEnd > start && breakUnits[contentEnd - 1].IsSpace)
                contentEnd--;
            lines.Add(MakeLine(segment, start, contentEnd, paragraph, width));
        }
    }

    private static LaidOutLine EmptyLine(TextStyle style, double spacing)
    {
        double height = style.Size * spacing;
        return new LaidOutLine([], [], height, ((height - style.Size) / 2) + (style.Size * Ascent), 0, 0);
    }

    private static LaidOutLine MakeLine(List<Unit> segment, int start, int end, ParagraphModel paragraph, double width)
    {
        if (end <= start)
        {
            var style = segment[Math.Min(start, segment.Count - 1)].Style;
            return EmptyLine(style, paragraph.LineSpacing);
        }

        double contentWidth = 0, maxSize = 0, maxRubySize = 0;
        for (int i = start; i < end; i++)
        {
            contentWidth += segment[i].Width;
            maxSize = Math.Max(maxSize, segment[i].Style.Size);
            if (segment[i].Ruby is not null)
                maxRubySize = Math.Max(maxRubySize, segment[i].Style.Size * RubyScale);
        }

        double x = paragraph.Align switch
        {
            TextAlign.Center => Math.Max(0, (width - contentWidth) / 2),
            TextAlign.Right => Math.Max(0, width - contentWidth),
            _ => 0,
        };

        double rubyBand = maxRubySize > 0 ? maxRubySize * 1.15 : 0;
        double lineHeight = maxSize * paragraph.LineSpacing;
        double height = rubyBand + lineHeight;
        double baseline = rubyBand + ((lineHeight - maxSize) / 2) + (maxSize * Ascent);
        // Ruby sits right above the base text's em box with a small gap.
        double rubyBaseline = baseline - (maxSize * Ascent) - (maxRubySize * 0.12) - (maxSize * 0.04);

        var runs = new List<GlyphRun>();
        var rubies = new List<RubyRun>();
        var current = new StringBuilder();
        double runX = x;
        string? runFamily = null;
        TextStyle? runStyle = null;

        void Flush()
        {
            if (current.Length > 0 && runFamily is not null && runStyle is not null)
                runs.Add(new GlyphRun(runX, current.ToString(), runFamily, runStyle.Bold, runStyle.Size, runStyle.Color));
            current.Clear();
        }

        for (int i = start; i < end; i++)
        {
            var unit = segment[i];
            double pieceX = x;
            if (unit.Ruby is not null)
            {
                Flush();
                pieceX = x + ((unit.Width - unit.BaseWidth) / 2);
                var rubyStyle = unit.Style with { Size = unit.Style.Size * RubyScale };
                AddRuby(rubies, x, unit.Width, unit.Ruby, rubyStyle, unit.RubyWidth);
            }
            foreach (var piece in unit.Pieces)
            {
                if (runFamily != piece.Family || runStyle != unit.Style || current.Length == 0)
                {
                    Flush();
                    runX = pieceX;
                    runFamily = piece.Family;
                    runStyle = unit.Style;
                }
                current.Append(piece.Text);
                pieceX += piece.Width;
            }
            if (unit.Ruby is not null)
                Flush();
            x += unit.Width;
        }
        Flush();
        return new LaidOutLine(runs, rubies, height, baseline, rubyBaseline, contentWidth);
    }

    private static void AddRuby(List<RubyRun> rubies, double x, double boxWidth, string ruby, TextStyle rubyStyle, double rubyWidth)
    {
        // Split the reading into runs per font so that fallback works in ruby too.
        double rx = x + ((boxWidth - rubyWidth) / 2);
        var sb = new StringBuilder();
        string? family = null;
        double runStart = rx;
        foreach (var cluster in JapaneseLineBreaker.Clusters(ruby))
        {
            var piece = MakePiece(cluster, rubyStyle);
            if (family is not null && piece.Family != family)
            {
                rubies.Add(new RubyRun(runStart, sb.ToString(), family, rubyStyle.Bold, rubyStyle.Size, rubyStyle.Color));
                sb.Clear();
                runStart = rx;
            }
            family = piece.Family;
            sb.Append(piece.Text);
            rx += piece.Width;
        }
        if (family is not null && sb.Length > 0)
            rubies.Add(new RubyRun(runStart, sb.ToString(), family, rubyStyle.Bold, rubyStyle.Size, rubyStyle.Color));
    }
}
