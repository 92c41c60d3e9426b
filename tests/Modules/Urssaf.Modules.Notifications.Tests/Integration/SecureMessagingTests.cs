using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Notifications.Tests.Integration;

/// <summary>Issue 21: threads with advisers through HTTP, attachments checked on their content, stored outside the database, served only to their owner.</summary>
public sealed class SecureMessagingTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private async Task<(AccountId Account, HttpClient Client)> AccountAsync(string email)
    {
        var account = AccountId.New();
        await app.DeliverAsync(new AccountActivated(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, account.Value, "73282932000074", "Inès", "Roy", email, "+33612345678"));
        await app.DrainAsync();
        return (account, app.ClientFor(account));
    }

    private static async Task<Guid> OpenAsync(HttpClient client, string topic = "payment")
    {
        var response = await client.PostAsJsonAsync("/api/v1/notifications/threads", new { topic, subject = "Échéancier", body = "Bonjour, puis-je étaler ?" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("threadId").GetGuid();
    }

    private static MultipartFormDataContent Message(string body, params (string Name, byte[] Bytes, string ContentType)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(body), "body" } };
        foreach (var (name, bytes, type) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(part, "files", name);
        }

        return form;
    }

    private async Task<(int Messages, int Attachments, int Files)> StoredAsync(Guid threadId) => await app.ScopedAsync(async sp =>
    {
        var db = sp.GetRequiredService<NotificationsDbContext>();
        var files = Directory.Exists(Path.Combine(app.DataDirectory, "attachments"))
            ? Directory.GetFiles(Path.Combine(app.DataDirectory, "attachments"), "*", SearchOption.AllDirectories).Length
            : 0;
        return (await db.ThreadMessages.CountAsync(m => m.ThreadId == threadId), await db.ThreadAttachments.CountAsync(a => a.ThreadId == threadId), files);
    });

    private async Task<string> CodeOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.TryGetProperty("code", out var codeProperty), problem.ToString());
        var code = codeProperty.GetString()!;
        Assert.Equal($"/api/v1/support/help/{code}", problem.GetProperty("help").GetString()); // every problem links to its help entry
        return code;
    }

    [Fact]
    public async Task A_thread_with_a_pdf_and_a_png_is_stored_outside_the_database_and_served_as_a_download_to_its_owner_only()
    {
        var (_, owner) = await AccountAsync("owner@example.test");
        var threadId = await OpenAsync(owner);
        var pdf = SampleFiles.Pdf();
        var png = SampleFiles.Png();

        var posted = await owner.PostAsync($"/api/v1/notifications/threads/{threadId}/messages",
            Message("Voici mon relevé et une capture.", ("../relevé\r\n.pdf", pdf, "application/octet-stream"), ("capture.PNG", png, "image/png")));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var attachments = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attachments").EnumerateArray().ToList();
        Assert.Equal(["relevé.pdf", "capture.PNG"], attachments.Select(a => a.GetProperty("fileName").GetString()));
        Assert.Equal([pdf.Length, png.Length], attachments.Select(a => a.GetProperty("size").GetInt32()));

        var thread = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/threads/{threadId}");
        Assert.Equal("awaiting_adviser", thread.GetProperty("status").GetString());
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddHours(48), thread.GetProperty("targetReplyBy").GetDateTime()); // shown to the entrepreneur
        Assert.Equal(2, thread.GetProperty("messages").GetArrayLength());

        var pdfId = attachments[0].GetProperty("attachmentId").GetGuid();
        var download = await owner.GetAsync($"/api/v1/notifications/attachments/{pdfId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("relevé.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        // the bytes live under the data directory with a server-made name and their SHA-256; the database holds no content
        var stored = await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().ThreadAttachments.AsNoTracking().SingleAsync(a => a.Id == pdfId));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), stored.Sha256);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(Path.Combine(app.DataDirectory, "attachments", stored.StorageName)));
        Assert.DoesNotContain("relev", stored.StorageName, StringComparison.Ordinal);

        // another account sees neither the thread nor the file; an adviser sees both
        var (_, stranger) = await AccountAsync("stranger@example.test");
        Assert.Equal("notifications.thread.not_found", await CodeOf(await stranger.GetAsync($"/api/v1/notifications/threads/{threadId}")));
        Assert.Equal("notifications.attachment.not_found", await CodeOf(await stranger.GetAsync($"/api/v1/notifications/attachments/{pdfId}")));
        Assert.Equal("notifications.thread.not_found", await CodeOf(await stranger.PostAsync($"/api/v1/notifications/threads/{threadId}/messages", Message("intrus"))));
        Assert.DoesNotContain((await stranger.GetFromJsonAsync<JsonElement>("/api/v1/notifications/threads")).EnumerateArray(), t => t.GetProperty("threadId").GetGuid() == threadId);
        var adviser = app.OperatorClient();
        Assert.Equal(png, await (await adviser.GetAsync($"/api/v1/operator/attachments/{attachments[1].GetProperty("attachmentId").GetGuid()}")).Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/v1/notifications/attachments/{pdfId}")).StatusCode);
    }

    [Fact]
    public async Task A_fake_pdf_six_files_an_empty_body_and_a_missing_multipart_are_refused_and_nothing_is_stored()
    {
        var (_, owner) = await AccountAsync("refused@example.test");
        var threadId = await OpenAsync(owner);
        var before = await StoredAsync(threadId);

        var fake = await owner.PostAsync($"/api/v1/notifications/threads/{threadId}/messages",
            Message("Ma facture.", ("facture.pdf", SampleFiles.Pdf(), "application/pdf"), ("malware.pdf", SampleFiles.Executable(), "application/pdf")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, fake.StatusCode);
        Assert.Equal("notifications.attachment.type_not_allowed", await CodeOf(fake));

        var six = await owner.PostAsync($"/api/v1/notifications/threads/{threadId}/messages",
            Message("Six fichiers.", [.. Enumerable.Range(1, 6).Select(i => ($"p{i}.png", SampleFiles.Png((byte)i), "image/png"))]));
        Assert.Equal(HttpStatusCode.BadRequest, six.StatusCode);
        Assert.Equal("notifications.attachment.too_many", await CodeOf(six));

        var empty = await owner.PostAsync($"/api/v1/notifications/threads/{threadId}/messages", Message("   ", ("a.png", SampleFiles.Png(), "image/png")));
        Assert.Equal("notifications.message.body_required", await CodeOf(empty));
        var json = await owner.PostAsJsonAsync($"/api/v1/notifications/threads/{threadId}/messages", new { body = "pas un formulaire" });
        Assert.Equal("notifications.message.multipart_required", await CodeOf(json));

        Assert.Equal(before, await StoredAsync(threadId)); // no message, no attachment row, no file (temporary ones included)
        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataDirectory, "attachments", "incoming")));
    }

    [Fact]
    public async Task An_unknown_topic_an_empty_subject_and_an_empty_body_open_no_thread()
    {
        var (account, owner) = await AccountAsync("topics@example.test");
        var unknown = await owner.PostAsJsonAsync("/api/v1/notifications/threads", new { topic = "astrology", subject = "?", body = "?" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("request.validation", await CodeOf(unknown));
        Assert.Contains("notifications.thread.topic_unknown", (await unknown.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync("/api/v1/notifications/threads", new { topic = "other", subject = "", body = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsync("/api/v1/notifications/threads", new StringContent("", null, "application/json"))).StatusCode);
        Assert.Equal(0, await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().Threads.CountAsync(t => t.AccountId == account)));
    }

    [Fact]
    public async Task Advisers_messages_are_unread_until_the_owner_opens_the_thread_and_an_adviser_reading_it_changes_nothing()
    {
        var (_, owner) = await AccountAsync("unread@example.test");
        var threadId = await OpenAsync(owner);
        var adviser = app.OperatorClient();
        async Task<int> UnreadAsync() => Assert.Single((await owner.GetFromJsonAsync<JsonElement>("/api/v1/notifications/threads")).EnumerateArray(),
            t => t.GetProperty("threadId").GetGuid() == threadId).GetProperty("unread").GetInt32();

        Assert.Equal(0, await UnreadAsync()); // her own first message is not "unread"
        Assert.Equal(HttpStatusCode.Created, (await adviser.PostAsync($"/api/v1/operator/threads/{threadId}/messages", Message("Oui, voici comment."))).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Created, (await adviser.PostAsync($"/api/v1/operator/threads/{threadId}/messages", Message("Et un formulaire."))).StatusCode);
        Assert.Equal(2, await UnreadAsync());
        Assert.Equal(HttpStatusCode.OK, (await adviser.GetAsync($"/api/v1/operator/threads/{threadId}")).StatusCode);
        Assert.Equal(2, await UnreadAsync()); // the adviser's reading is not hers

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/notifications/threads/{threadId}")).StatusCode);
        Assert.Equal(0, await UnreadAsync());
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Created, (await adviser.PostAsync($"/api/v1/operator/threads/{threadId}/messages", Message("Une précision."))).StatusCode);
        Assert.Equal(1, await UnreadAsync());
        // the thread stays writable by advisers after her reading (no concurrency token taken by the read mark)
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/notifications/threads/{threadId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await adviser.PutAsJsonAsync($"/api/v1/operator/threads/{threadId}/assignment", new { adviser = "Conseiller B" })).StatusCode);
    }

    [Fact]
    public async Task An_adviser_sees_the_queue_assigns_replies_without_content_in_the_notice_and_closes()
    {
        var (account, owner) = await AccountAsync("reply@example.test");
        await owner.PutAsJsonAsync("/api/v1/notifications/preferences", new Dictionary<string, string> { ["secure_messages"] = "both" });
        var threadId = await OpenAsync(owner, "attestation");
        var adviser = app.OperatorClient();

        var queue = await adviser.GetFromJsonAsync<JsonElement>("/api/v1/operator/threads?topic=attestation");
        var item = Assert.Single(queue.EnumerateArray(), t => t.GetProperty("threadId").GetGuid() == threadId);
        Assert.False(item.GetProperty("overdue").GetBoolean());
        Assert.Equal("request.validation", await CodeOf(await adviser.GetAsync("/api/v1/operator/threads?topic=astrology")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await owner.GetAsync("/api/v1/operator/threads")).StatusCode);

        app.Clock.Advance(TimeSpan.FromHours(49));
        owner = app.ClientFor(account); // a fresh token: the first one expired
        Assert.True(Assert.Single((await adviser.GetFromJsonAsync<JsonElement>("/api/v1/operator/threads")).EnumerateArray(),
            t => t.GetProperty("threadId").GetGuid() == threadId).GetProperty("overdue").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await adviser.PutAsJsonAsync($"/api/v1/operator/threads/{threadId}/assignment", new { adviser = "Conseillère A" })).StatusCode);

        var reply = await adviser.PostAsync($"/api/v1/operator/threads/{threadId}/messages",
            Message("Secret de la réponse : votre attestation est disponible.", ("attestation.pdf", SampleFiles.Pdf(), "application/pdf")));
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        await app.DrainAsync();

        var emails = app.EmailsTo("reply@example.test");
        var email = Assert.Single(emails, m => (m.Subject ?? "").Contains("Vous avez un nouveau message", StringComparison.Ordinal));
        Assert.DoesNotContain("Secret", email.TextBody, StringComparison.Ordinal);
        var sms = Assert.Single(app.SmsTo("+33612345678"), s => s.Text.Contains("nouveau message", StringComparison.Ordinal));
        Assert.DoesNotContain("Secret", sms.Text, StringComparison.Ordinal);

        var thread = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/threads/{threadId}");
        Assert.Equal(("answered", "Conseillère A"), (thread.GetProperty("status").GetString(), thread.GetProperty("assignedTo").GetString()));
        Assert.Equal(JsonValueKind.Null, thread.GetProperty("targetReplyBy").ValueKind);
        Assert.Equal("adviser", thread.GetProperty("messages")[1].GetProperty("author").GetString());
        Assert.DoesNotContain((await adviser.GetFromJsonAsync<JsonElement>("/api/v1/operator/threads")).EnumerateArray(), t => t.GetProperty("threadId").GetGuid() == threadId);

        Assert.Equal(HttpStatusCode.NoContent, (await adviser.PostAsync($"/api/v1/operator/threads/{threadId}/closure", null)).StatusCode);
        var before = await StoredAsync(threadId);
        var closed = await owner.PostAsync($"/api/v1/notifications/threads/{threadId}/messages", Message("Encore une question", ("a.png", SampleFiles.Png(), "image/png")));
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        Assert.Equal("notifications.thread.closed", await CodeOf(closed));
        Assert.Equal(before, await StoredAsync(threadId));
        Assert.Equal(account, await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().Threads.Where(t => t.Id == threadId).Select(t => t.AccountId).SingleAsync()));
    }
}

/// <summary>The host with a probe counting the request-body bytes the application really reads.</summary>
public sealed class BodyCountingApp : UrssafApp
{
    public long LastBodyBytesRead;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new CountingFilter(this)));
    }

    private sealed class CountingFilter(BodyCountingApp app) : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => builder =>
        {
            builder.Use(async (context, nextMiddleware) =>
            {
                var counting = new CountingStream(context.Request.Body);
                context.Request.Body = counting;
                try { await nextMiddleware(context); }
                finally { app.LastBodyBytesRead = counting.BytesRead; }
            });
            next(builder);
        };
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) { var n = inner.Read(buffer, offset, count); BytesRead += n; return n; }
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        { var n = await inner.ReadAsync(buffer, cancellationToken); BytesRead += n; return n; }
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Upload limits are enforced while the body streams: the host stops reading at the first byte over a file's 10 MB.</summary>
public sealed class UploadLimitTests(BodyCountingApp app) : IClassFixture<BodyCountingApp>
{
    [Fact]
    public async Task An_oversized_file_is_refused_while_it_streams_without_the_host_reading_the_rest()
    {
        var account = AccountId.New();
        var owner = app.ClientFor(account);
        var opened = await owner.PostAsJsonAsync("/api/v1/notifications/threads", new { topic = "other", subject = "Gros fichier", body = "Voici." });
        var threadId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("threadId").GetGuid();

        var body = new CountingContent(fileBytes: 45L * 1024 * 1024); // one 45 MB "PDF", chunked (no Content-Length)
        var response = await owner.PostAsync($"/api/v1/notifications/threads/{threadId}/messages", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("notifications.attachment.too_large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.InRange(app.LastBodyBytesRead, 10L * 1024 * 1024, 11L * 1024 * 1024); // 10 MB and one buffer, never the 45 MB
        Assert.Equal(1, await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().ThreadMessages.CountAsync(m => m.ThreadId == threadId)));
        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataDirectory, "attachments"), "*", SearchOption.AllDirectories));

        // a declared length over the route limit is refused before any byte of the body is read
        var declared = new CountingContent(fileBytes: 60L * 1024 * 1024, declareLength: true);
        var refused = await owner.PostAsync($"/api/v1/notifications/threads/{threadId}/messages", declared);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(0, app.LastBodyBytesRead);
    }

    /// <summary>A multipart body with one large file, produced on demand and counting what the server pulled.</summary>
    private sealed class CountingContent : HttpContent
    {
        private const string Boundary = "----urssaf-test-boundary";
        private readonly long _fileBytes;
        private readonly long? _length;
        private readonly byte[] _head;
        private readonly byte[] _tail = System.Text.Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n");

        public CountingContent(long fileBytes, bool declareLength = false)
        {
            _fileBytes = fileBytes;
            _head = System.Text.Encoding.ASCII.GetBytes(
                $"--{Boundary}\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nGros fichier\r\n" +
                $"--{Boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"gros.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n");
            Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
            if (declareLength) _length = _head.Length + fileBytes + _tail.Length;
        }

        public long Sent { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await WriteAsync(stream, _head);
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'A');
            for (long left = _fileBytes; left > 0; left -= chunk.Length)
                await WriteAsync(stream, chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)));
            await WriteAsync(stream, _tail);
        }

        private async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> bytes)
        {
            await stream.WriteAsync(bytes);
            Sent += bytes.Length;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length ?? -1;
            return _length is not null;
        }
    }
}
