using PdfSharp.Fonts;

namespace Urssaf.Modules.Documents.Rendering;

/// <summary>
/// DejaVu Sans (regular and bold), shipped inside this assembly so that a fresh machine renders the same PDF;
/// PDFsharp embeds the subset it uses. Licence: Bitstream Vera / DejaVu (free redistribution).
/// </summary>
internal sealed class EmbeddedFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private static readonly Lock Gate = new();

    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFonts) GlobalFontSettings.FontResolver = new EmbeddedFonts();
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans", mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream(faceName + ".ttf")
                           ?? throw new InvalidOperationException($"The embedded font {faceName}.ttf is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
