using System.Buffers.Binary;
using System.Text;

namespace Urssaf.Modules.Notifications.Attachments;

/// <summary>
/// Decides what a file is from its bytes alone (ASVS 5.2.2): the magic bytes, then a real parse of the format. The
/// name and the declared content type are never trusted. Only PDF, PNG and JPEG pass; anything else is refused.
/// </summary>
internal static class ContentCheck
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";

    /// <summary>The real content type of the stored file, or null when it is not a well-formed PDF, PNG or JPEG.</summary>
    public static string? Identify(string path)
    {
        var bytes = File.ReadAllBytes(path); // at most the per-file limit, already counted while streaming
        if (bytes.AsSpan().StartsWith(PngSignature)) return IsPng(bytes) ? Png : null;
        if (bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return IsJpeg(bytes) ? Jpeg : null;
        if (bytes.AsSpan(0, Math.Min(1024, bytes.Length)).IndexOf("%PDF-"u8) >= 0) return IsPdf(path) ? Pdf : null; // ISO 32000-1 §7.5.2
        return null;
    }

    /// <summary>Opens the document with PDFsharp (the library Documents already uses): broken, encrypted or page-less files fail.</summary>
    private static bool IsPdf(string path)
    {
        try
        {
            using var document = PdfSharp.Pdf.IO.PdfReader.Open(path, PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
            return document.PageCount > 0;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>PNG (ISO 15948): IHDR first with sane values, every chunk's CRC right, at least one IDAT, IEND last with nothing after.</summary>
    internal static bool IsPng(ReadOnlySpan<byte> bytes)
    {
        var position = 8;
        var first = true;
        var sawData = false;
        while (position + 12 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[position..]);
            if (length > int.MaxValue || position + 12 + (long)length > bytes.Length) return false;
            var typeAndData = bytes.Slice(position + 4, 4 + (int)length);
            var type = Encoding.ASCII.GetString(typeAndData[..4]);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(bytes[(position + 8 + (int)length)..]);
            if (Crc32(typeAndData) != crc) return false;
            var data = typeAndData[4..];
            if (first)
            {
                if (type != "IHDR" || length != 13) return false;
                var width = BinaryPrimitives.ReadUInt32BigEndian(data);
                var height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                var (depth, colour) = (data[8], data[9]);
                if (width is 0 or > 30_000 || height is 0 or > 30_000) return false;
                if (colour is not (0 or 2 or 3 or 4 or 6) || depth is not (1 or 2 or 4 or 8 or 16)) return false;
                if (data[10] != 0 || data[11] != 0 || data[12] > 1) return false; // compression, filter, interlace
                first = false;
            }
            else if (type == "IDAT") sawData = true;
            else if (type == "IEND") return sawData && length == 0 && position + 12 == bytes.Length;

            position += 12 + (int)length;
        }

        return false;
    }

    /// <summary>
    /// JPEG (ITU T.81): marker segments with consistent lengths, a frame header (SOFn) with non-zero size before the
    /// first scan, entropy-coded data skipped up to the next marker, and the end-of-image marker ending the file.
    /// </summary>
    internal static bool IsJpeg(ReadOnlySpan<byte> bytes)
    {
        var position = 2;
        var sawFrame = false;
        var sawScan = false;
        while (position + 1 < bytes.Length)
        {
            if (bytes[position] != 0xFF) return false;
            var marker = bytes[position + 1];
            position += 2;
            if (marker == 0xFF) { position--; continue; } // fill byte
            if (marker == 0xD9) return sawFrame && sawScan && position == bytes.Length; // EOI
            if (marker is >= 0xD0 and <= 0xD7 or 0x01) continue; // RSTn, TEM: no length
            if (marker is 0xD8 or 0x00) return false;
            if (position + 2 > bytes.Length) return false;
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[position..]);
            if (length < 2 || position + length > bytes.Length) return false;
            var segment = bytes.Slice(position + 2, length - 2);
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                if (segment.Length < 6) return false;
                var height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
                var components = segment[5];
                if (width == 0 || height == 0 || components is 0 or > 4 || segment.Length != 6 + 3 * components) return false;
                sawFrame = true;
            }

            position += length;
            if (marker != 0xDA) continue; // SOS: entropy-coded data follows, up to the next marker that is not a stuffed 0xFF00 or RSTn
            if (!sawFrame) return false;
            sawScan = true;
            while (position + 1 < bytes.Length && !(bytes[position] == 0xFF && bytes[position + 1] is not (0x00 or >= 0xD0 and <= 0xD7)))
                position++;
        }

        return false;
    }

    private static readonly uint[] CrcTable = BuildCrcTable();

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }

        return table;
    }

    /// <summary>The PNG chunk CRC (ISO 3309 / ITU-T V.42).</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}
