using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;

namespace Urssaf.Modules.Documents.Rendering;

/// <summary>
/// An A4 page laid out top to bottom: a header band, a title, paragraphs, label/value rows, tables, a footer. A table
/// that reaches the bottom continues on a new page with the same header band.
/// </summary>
internal sealed class PdfPage : IDisposable
{
    private const double Margin = 56;
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly XColor Blue = XColor.FromArgb(0, 51, 102);
    private XGraphics _gfx;
    private readonly PdfDocument _document;
    private readonly string _header;
    private readonly XFont _body = new(EmbeddedFonts.Family, 10.5, XFontStyleEx.Regular);
    private readonly XFont _bold = new(EmbeddedFonts.Family, 10.5, XFontStyleEx.Bold);
    private double _y;

    public PdfPage(PdfDocument document, string header)
    {
        (_document, _header) = (document, header);
        _gfx = Open(out var width, out var height);
        (Width, Height) = (width, height);
    }

    private XGraphics Open(out double width, out double height)
    {
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        var gfx = XGraphics.FromPdfPage(page);
        (width, height) = (page.Width.Point, page.Height.Point);
        gfx.DrawRectangle(new XSolidBrush(Blue), 0, 0, width, 64);
        gfx.DrawString(_header, new XFont(EmbeddedFonts.Family, 16, XFontStyleEx.Bold), XBrushes.White, new XPoint(Margin, 40));
        _y = 100;
        return gfx;
    }

    /// <summary>Starts a new page when fewer than <paramref name="points"/> remain above the footer.</summary>
    public void EnsureRoom(double points)
    {
        if (_y + points <= Height - 80) return;
        _gfx.Dispose();
        _gfx = Open(out _, out _);
    }

    public double Width { get; }
    public double Height { get; }
    public XGraphics Graphics => _gfx;

    public void Title(string text)
    {
        _gfx.DrawString(text, new XFont(EmbeddedFonts.Family, 14, XFontStyleEx.Bold), new XSolidBrush(Blue), new XPoint(Margin, _y));
        _y += 28;
    }

    public void Paragraph(string text, bool bold = false)
    {
        var font = bold ? _bold : _body;
        var width = Width - 2 * Margin;
        var lines = Math.Max(1, (int)Math.Ceiling(_gfx.MeasureString(text, font).Width / (width * 0.97)) + text.Count(c => c == '\n'));
        var height = lines * 15;
        new XTextFormatter(_gfx).DrawString(text, font, XBrushes.Black, new XRect(Margin, _y, width, height), XStringFormats.TopLeft);
        _y += height + 8;
    }

    public void Row(string label, string value)
    {
        _gfx.DrawString(label, _body, XBrushes.DimGray, new XPoint(Margin, _y));
        _gfx.DrawString(value, _bold, XBrushes.Black, new XPoint(Margin + 190, _y));
        _y += 18;
    }

    public void Space(double points = 10) => _y += points;

    /// <summary>A table with a bold header; the last columns are right-aligned amounts.</summary>
    public void Table(string[] headers, IEnumerable<string[]> rows, double[] widths)
    {
        var x = Margin;
        for (var i = 0; i < headers.Length; i++)
        {
            Cell(headers[i], _bold, x, widths[i], rightAligned: i > 0);
            x += widths[i];
        }

        _y += 6;
        _gfx.DrawLine(new XPen(Blue, 0.8), Margin, _y, Margin + widths.Sum(), _y);
        _y += 14;
        foreach (var row in rows)
        {
            EnsureRoom(17);
            x = Margin;
            for (var i = 0; i < row.Length; i++)
            {
                Cell(row[i], _body, x, widths[i], rightAligned: i > 0);
                x += widths[i];
            }

            _y += 17;
        }

        _y += 4;
    }

    private void Cell(string text, XFont font, double x, double width, bool rightAligned) =>
        _gfx.DrawString(text, font, XBrushes.Black, new XRect(x, _y - 11, width - 6, 14), rightAligned ? XStringFormats.TopRight : XStringFormats.TopLeft);

    public void Image(XImage image, double x, double y, double size) => _gfx.DrawImage(image, x, y, size, size);

    public double CurrentY => _y;

    public void Footer(string text) =>
        new XTextFormatter(_gfx).DrawString(text, new XFont(EmbeddedFonts.Family, 8, XFontStyleEx.Regular), XBrushes.DimGray,
            new XRect(Margin, Height - 70, Width - 2 * Margin, 40), XStringFormats.TopLeft);

    public static string Euros(long cents) => (cents / 100m).ToString("N2", French) + " €";

    public static string Day(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public void Dispose() => _gfx.Dispose();
}
