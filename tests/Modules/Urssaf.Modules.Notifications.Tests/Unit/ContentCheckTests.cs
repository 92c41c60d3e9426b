using Urssaf.Modules.Notifications.Attachments;
using Urssaf.Modules.Notifications.Tests.Integration;

namespace Urssaf.Modules.Notifications.Tests.Unit;

/// <summary>ASVS 5.2.2: the type comes from a real parse of the bytes; names are only cleaned metadata.</summary>
public sealed class ContentCheckTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("urssaf-content-").FullName;

    private string? Identify(byte[] bytes)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return ContentCheck.Identify(path);
    }

    [Fact]
    public void Real_pdf_png_and_jpeg_are_recognised()
    {
        Assert.Equal("application/pdf", Identify(SampleFiles.Pdf()));
        Assert.Equal("image/png", Identify(SampleFiles.Png()));
        Assert.Equal("image/jpeg", Identify(SampleFiles.Jpeg()));
    }

    [Fact]
    public void Magic_bytes_alone_are_not_enough()
    {
        Assert.Null(Identify(SampleFiles.Executable()));
        Assert.Null(Identify("%PDF-1.7\n% not a document at all\n%%EOF"u8.ToArray()));
        var png = SampleFiles.Png();
        png[20] ^= 0x01; // inside IHDR: its CRC no longer matches
        Assert.Null(Identify(png));
        Assert.Null(Identify([.. SampleFiles.Png(), .. "<script>"u8.ToArray()])); // data after IEND (a polyglot)
        Assert.Null(Identify(SampleFiles.Png()[..^12])); // no IEND
        var jpeg = SampleFiles.Jpeg();
        Assert.Null(Identify(jpeg[..^2])); // no end-of-image marker
        Assert.Null(Identify([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0xFF, 0xD9])); // a scan without a frame
        Assert.Null(Identify([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00])); // a zip archive is refused outright (ASVS 5.2.3)
    }

    [Theory]
    [InlineData("../../appsettings.json", "appsettings.json")]
    [InlineData("C:\\Users\\x\\facture.pdf", "facture.pdf")]
    [InlineData("re\r\nçu \"final\".pdf", "reçu final.pdf")]
    [InlineData("...", "piece-jointe")]
    [InlineData(null, "piece-jointe")]
    public void File_names_are_cleaned(string? name, string expected) => Assert.Equal(expected, AttachmentStore.CleanFileName(name));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
