using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Urssaf.Modules.Notifications.Attachments;
using Urssaf.Modules.Notifications.Tests.Integration;

namespace Urssaf.Modules.Notifications.Tests.Unit;

/// <summary>The multipart reader on the bytes an HTTP client really sends.</summary>
public sealed class UploadReadTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("urssaf-upload-").FullName;

    [Fact]
    public async Task Body_and_files_are_read_section_by_section()
    {
        using var form = new MultipartFormDataContent { { new StringContent("Bonjour"), "body" } };
        var part = new ByteArrayContent(SampleFiles.Png());
        part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(part, "files", "relevé\r\n.png");
        var context = new DefaultHttpContext();
        context.Request.ContentType = form.Headers.ContentType!.ToString();
        var raw = await form.ReadAsByteArrayAsync();
        context.Request.Body = new MemoryStream(raw);

        var result = await new AttachmentStore(_directory).ReadAsync(context.Request, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        using var upload = result.Value;
        Assert.Equal("Bonjour", upload.Body);
        var file = Assert.Single(upload.Files);
        Assert.Equal(("relevé.png", "image/png"), (file.FileName, file.ContentType));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

public sealed class UploadRefusalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("urssaf-upload-").FullName;

    [Fact]
    public async Task A_renamed_executable_is_refused_and_no_temporary_file_stays()
    {
        using var form = new MultipartFormDataContent { { new StringContent("Facture"), "body" } };
        form.Add(new ByteArrayContent(SampleFiles.Pdf()), "files", "facture.pdf");
        form.Add(new ByteArrayContent(SampleFiles.Executable()), "files", "malware.pdf");
        var context = new DefaultHttpContext();
        context.Request.ContentType = form.Headers.ContentType!.ToString();
        context.Request.Body = new MemoryStream(await form.ReadAsByteArrayAsync());

        var result = await new AttachmentStore(_directory).ReadAsync(context.Request, CancellationToken.None);

        Assert.Equal("notifications.attachment.type_not_allowed", result.Error?.Code);
        Assert.Empty(Directory.GetFiles(_directory, "*", SearchOption.AllDirectories));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
