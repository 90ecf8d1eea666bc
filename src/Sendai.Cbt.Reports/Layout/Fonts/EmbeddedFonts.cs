using System.Reflection;

namespace Sendai.Cbt.Reports.Layout.Fonts;

/// <summary>The four font files embedded in this assembly, loaded once on first use.</summary>
internal static class EmbeddedFonts
{
    internal const string MainFamily = "Sendai.Cbt BIZ UD Gothic";
    internal const string FallbackFamily = "Sendai.Cbt Noto Sans JP";

    internal const string MainRegular = "BIZUDGothic-Regular.ttf";
    internal const string MainBold = "BIZUDGothic-Bold.ttf";
    internal const string FallbackRegular = "NotoSansJP_400Regular.ttf";
    internal const string FallbackBold = "NotoSansJP_700Bold.ttf";

    private static readonly Lazy<IReadOnlyDictionary<string, FontFile>> Files = new(LoadAll, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Face name for a family and weight, or null when the family is not ours.</summary>
    internal static string? FaceFor(string familyName, bool bold) => familyName switch
    {
        MainFamily => bold ? MainBold : MainRegular,
        FallbackFamily => bold ? FallbackBold : FallbackRegular,
        _ => null,
    };

    /// <summary>Parsed metrics of a face.</summary>
    internal static FontFile Metrics(string faceName) => Files.Value[faceName];

    /// <summary>Raw bytes of a face (a fresh copy, as PDFsharp keeps the array).</summary>
    internal static byte[]? Bytes(string faceName)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream("Sendai.Cbt.Reports.Fonts." + faceName);
        if (stream is null)
            return null;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static IReadOnlyDictionary<string, FontFile> LoadAll()
    {
        var result = new Dictionary<string, FontFile>(StringComparer.Ordinal);
        foreach (var face in new[] { MainRegular, MainBold, FallbackRegular, FallbackBold })
        {
            var bytes = Bytes(face) ?? throw new InvalidOperationException($"Embedded font {face} is missing from {typeof(EmbeddedFonts).Assembly.GetName().Name}.");
            result[face] = FontFile.Parse(face, bytes);
        }
        return result;
    }
}
