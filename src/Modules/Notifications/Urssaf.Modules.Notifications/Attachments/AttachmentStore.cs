using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Features.Threads;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Notifications.Attachments;

/// <summary>A file streamed to a temporary place and checked, not yet part of a message.</summary>
internal sealed record UploadedFile(string FileName, string ContentType, long Size, string Sha256, string TempPath);

/// <summary>A parsed message upload; disposing it removes every temporary file not committed.</summary>
internal sealed class MessageUpload(string body, List<UploadedFile> files) : IDisposable
{
    public string Body { get; } = body;
    public IReadOnlyList<UploadedFile> Files => files;

    public void Dispose()
    {
        foreach (var file in files) File.Delete(file.TempPath);
    }
}

/// <summary>
/// Files of secure messages, outside the database under <c>&lt;data&gt;/attachments</c> with server-made names (ASVS 5.3.2).
/// A file is written to a temporary name, flushed to disk, checked, and only moved into place when its message is saved.
/// </summary>
internal sealed class AttachmentStore(string dataDirectory)
{
    private readonly string _root = Path.Combine(dataDirectory, "attachments");

    private string TempDirectory => Path.Combine(_root, "incoming");

    public string PathOf(ThreadAttachment attachment) => Path.Combine(_root, attachment.StorageName);

    /// <summary>Moves a checked file to its final name; the returned name is stored with the attachment.</summary>
    public string Commit(UploadedFile file, Guid attachmentId, DateTime now)
    {
        var relative = Path.Combine(now.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture),
            now.ToString("MM", System.Globalization.CultureInfo.InvariantCulture), attachmentId.ToString("N"));
        var target = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(file.TempPath, target); // same file system: an atomic rename of bytes already flushed
        return relative.Replace('\\', '/');
    }

    public void Remove(string storageName)
    {
        var path = Path.Combine(_root, storageName);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>
    /// Reads a <c>multipart/form-data</c> message section by section (never the whole body at once): the <c>body</c> text
    /// and up to <see cref="ThreadLimits.MaxFiles"/> <c>files</c>, each counted while it streams to disk and refused as
    /// soon as it passes <see cref="ThreadLimits.MaxFileBytes"/>. On any refusal nothing is kept.
    /// </summary>
    public async Task<Result<MessageUpload>> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 70 } boundary)
            return ThreadErrors.MultipartRequired;

        Directory.CreateDirectory(TempDirectory);
        var files = new List<UploadedFile>();
        string? body = null;
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 8 };
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    return Fail(files, ThreadErrors.MalformedMultipart);
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (disposition.IsFileDisposition())
                {
                    if (name != "files") continue;
                    if (files.Count == ThreadLimits.MaxFiles) return Fail(files, ThreadErrors.TooManyFiles);
                    var stored = await StreamToDiskAsync(section.Body, ct);
                    if (stored is null) return Fail(files, ThreadErrors.FileTooLarge);
                    var (path, size, hash) = stored.Value;
                    var fileName = CleanFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                    var contentType = size == 0 ? null : ContentCheck.Identify(path);
                    if (contentType is null)
                    {
                        File.Delete(path);
                        return Fail(files, ThreadErrors.FileTypeNotAllowed(fileName));
                    }

                    files.Add(new UploadedFile(Rename(fileName, contentType), contentType, size, hash, path));
                }
                else if (name == "body")
                {
                    body = await ReadTextAsync(section.Body, ct);
                    if (body is null) return Fail(files, ThreadErrors.BodyTooLong);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException || (ex is IOException && ex is not BadHttpRequestException))
        {
            return Fail(files, ThreadErrors.MalformedMultipart);
        }
        catch
        {
            Fail(files, ThreadErrors.MalformedMultipart); // a 413 from the route limit or a cancelled request: nothing is kept either
            throw;
        }

        if (string.IsNullOrWhiteSpace(body)) return Fail(files, ThreadErrors.BodyRequired);
        return new MessageUpload(body.Trim(), files);
    }

    private static Result<MessageUpload> Fail(List<UploadedFile> files, Error error)
    {
        foreach (var file in files) File.Delete(file.TempPath);
        return error;
    }

    private async Task<(string Path, long Size, string Sha256)?> StreamToDiskAsync(Stream source, CancellationToken ct)
    {
        var path = Path.Combine(TempDirectory, Guid.NewGuid().ToString("N"));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        var buffer = new byte[81920];
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                size += read;
                if (size > ThreadLimits.MaxFileBytes)
                {
                    await target.DisposeAsync();
                    File.Delete(path);
                    return null; // refused at the first byte over the limit: the rest of the request is never read
                }

                sha.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
            }

            target.Flush(flushToDisk: true); // durable before the message row that points at it is written
        }

        return (path, size, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    private static async Task<string?> ReadTextAsync(Stream source, CancellationToken ct)
    {
        var limit = ThreadLimits.MaxBodyLength * 4; // UTF-8: at most 4 bytes a character
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return text.Length > ThreadLimits.MaxBodyLength ? null : text;
    }

    /// <summary>
    /// The original name, kept as metadata only: the last path segment, without control characters, quotes, slashes or
    /// reserved characters, at most <see cref="ThreadLimits.MaxFileNameLength"/> characters (ASVS 5.3.2, 5.4.2).
    /// </summary>
    internal static string CleanFileName(string? name)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        var kept = new StringBuilder(last.Length);
        foreach (var c in last.Normalize(NormalizationForm.FormC))
            if (!char.IsControl(c) && c is not ('"' or '<' or '>' or ':' or '|' or '?' or '*' or ';' or '%') && !char.IsSurrogate(c)) kept.Append(c);
        var cleaned = kept.ToString().Trim().TrimStart('.').Trim();
        if (cleaned.Length > ThreadLimits.MaxFileNameLength) cleaned = cleaned[..ThreadLimits.MaxFileNameLength];
        return cleaned.Length == 0 ? "piece-jointe" : cleaned;
    }

    /// <summary>The name ends with the extension of what the file really is.</summary>
    private static string Rename(string fileName, string contentType)
    {
        var extension = contentType switch { ContentCheck.Pdf => ".pdf", ContentCheck.Png => ".png", _ => ".jpg" };
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var current = Path.GetExtension(fileName).ToLowerInvariant();
        if (current == extension || (extension == ".jpg" && current == ".jpeg")) return fileName;
        var name = (stem.Length == 0 ? "piece-jointe" : stem) + extension;
        return name.Length > ThreadLimits.MaxFileNameLength ? name[^ThreadLimits.MaxFileNameLength..] : name;
    }
}
