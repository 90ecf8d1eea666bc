using PdfSharp.Fonts;
using Sendai.Cbt.Reports.Layout.Fonts;

namespace Sendai.Cbt.Reports;

/// <summary>
/// PDFsharp font resolver for the fonts embedded in Sendai.Cbt.Reports (BIZ UD Gothic and Noto Sans JP).
/// </summary>
/// <remarks>
/// PDFsharp's <see cref="GlobalFontSettings.FontResolver"/> is process-wide and can be set only once.
/// <see cref="ReportDocument"/> installs this resolver by itself when no resolver is set yet, or as the
/// <see cref="GlobalFontSettings.FallbackFontResolver"/> when the application already has one. An
/// application that sets both itself should create this resolver with its own resolver as
/// <c>next</c> and install it before PDFsharp is first used.
/// </remarks>
public sealed class ReportFontResolver : IFontResolver
{
    private readonly IFontResolver? _next;

    /// <summary>Creates the resolver.</summary>
    /// <param name="next">An application resolver asked for every family that is not ours, or null.</param>
    public ReportFontResolver(IFontResolver? next = null) => _next = next;

    /// <inheritdoc />
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var face = EmbeddedFonts.FaceFor(familyName, bold);
        if (face is not null)
            return new FontResolverInfo(face);
        return _next?.ResolveTypeface(familyName, bold, italic);
    }

    /// <inheritdoc />
    public byte[]? GetFont(string faceName) => EmbeddedFonts.Bytes(faceName) ?? _next?.GetFont(faceName);

    /// <summary>
    /// Installs a resolver for the embedded fonts into PDFsharp's global settings once; safe to call from
    /// any thread any number of times.
    /// </summary>
    internal static void EnsureInstalled()
    {
        lock (InstallGate)
        {
            if (GlobalFontSettings.FontResolver is ReportFontResolver || GlobalFontSettings.FallbackFontResolver is ReportFontResolver)
                return;
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = new ReportFontResolver();
                return;
            }
            if (GlobalFontSettings.FallbackFontResolver is null)
            {
                GlobalFontSettings.FallbackFontResolver = new ReportFontResolver();
                return;
            }
            throw new InvalidOperationException(
                "PDFsharp already has a font resolver and a fallback font resolver that are not Sendai.Cbt's. " +
                "Install new ReportFontResolver(yourResolver) as GlobalFontSettings.FontResolver before PDFsharp is first used.");
        }
    }

    private static readonly object InstallGate = new();
}
