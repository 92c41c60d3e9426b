using System.IO.Compression;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Infrastructure.PersonalData;

namespace Urssaf.Modules.Identity.Features.PersonalData;

/// <summary>Where export archives are written: <c>&lt;data&gt;/exports/&lt;exportId&gt;.zip</c>, owner-only.</summary>
internal sealed class ExportFiles(IOptions<StorageOptions> storage)
{
    public string Directory => Path.Combine(storage.Value.FullDataDirectory, "exports");
    public string PathOf(Guid exportId) => Path.Combine(Directory, $"{exportId:N}.zip");

    public void Delete(Guid exportId)
    {
        var path = PathOf(exportId);
        if (File.Exists(path)) File.Delete(path);
    }
}

/// <summary>
/// GDPR art. 15 export (ADR 0110): requested after a recent login, prepared in the background, downloadable for 7 days.
/// A second request while one is being prepared gets the same export.
/// </summary>
internal sealed class DataExportsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{IdentityRoutes.Root}/me/data-exports").WithTags(IdentityRoutes.Tag).RequireAuthorization(Policies.AccountHolder);

        group.MapPost("", async (HttpContext http, ClaimsPrincipal user, IdentityDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                if (ProblemResults.HasBody(http)) return ProblemResults.BodyNotExpected();
                if (!user.AuthenticatedRecently(clock))
                    return ProblemResults.Problem(StatusCodes.Status403Forbidden, "identity.reauthentication_required",
                        "Log in again to export your data: it needs a password check of less than 15 minutes.");
                var account = user.GetAccountId();
                var existing = await db.DataExports.AsNoTracking().Where(e => e.AccountId == account && e.Status == DataExportStatus.Preparing)
                    .Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
                if (existing is { } id) return Results.Accepted($"{IdentityRoutes.Root}/me/data-exports/{id}", new DataExportAccepted(id));
                var export = new DataExport { Id = Guid.CreateVersion7(), AccountId = account, Status = DataExportStatus.Preparing, RequestedOnUtc = clock.GetUtcNow().UtcDateTime };
                db.DataExports.Add(export);
                await db.SaveChangesAsync(ct);
                return Results.Accepted($"{IdentityRoutes.Root}/me/data-exports/{export.Id}", new DataExportAccepted(export.Id));
            })
            .WithName("RequestDataExport")
            .WithSummary("Asks for a copy of all the account's data (GDPR art. 15); prepared in the background, the owner is told when it is ready.")
            .Produces<DataExportAccepted>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/{exportId:guid}", async (Guid exportId, ClaimsPrincipal user, IdentityDbContext db, CancellationToken ct) =>
                await db.DataExports.AsNoTracking().SingleOrDefaultAsync(e => e.Id == exportId && e.AccountId == user.GetAccountId(), ct) is { } export
                    ? Results.Ok(new DataExportView(export.Id, export.Status, export.RequestedOnUtc, export.ReadyOnUtc, export.ExpiresOnUtc, export.SizeBytes))
                    : NotFound())
            .WithName("GetDataExport")
            .WithSummary("The export's status: preparing, ready (until expiresAt), expired or failed.")
            .Produces<DataExportView>().ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{exportId:guid}/content", async (Guid exportId, ClaimsPrincipal user, IdentityDbContext db, ExportFiles files, TimeProvider clock,
                CancellationToken ct) =>
            {
                var export = await db.DataExports.AsNoTracking().SingleOrDefaultAsync(e => e.Id == exportId && e.AccountId == user.GetAccountId(), ct);
                if (export is null) return NotFound();
                if (export.Status == DataExportStatus.Expired || (export.ExpiresOnUtc is { } until && clock.GetUtcNow().UtcDateTime >= until))
                    return ProblemResults.Problem(StatusCodes.Status410Gone, "identity.data_export.expired", "This export has expired; ask for a new one.");
                if (export.Status != DataExportStatus.Ready || !File.Exists(files.PathOf(export.Id)))
                    return ProblemResults.Problem(StatusCodes.Status409Conflict, "identity.data_export.not_ready", "This export is not ready yet.");
                return Results.File(files.PathOf(export.Id), "application/zip", $"urssaf-donnees-{export.RequestedOnUtc:yyyy-MM-dd}.zip");
            })
            .WithName("DownloadDataExport")
            .WithSummary("The export archive (application/zip): one JSON file per module, the account's PDFs, and index.json.")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
    }

    private static IResult NotFound() => ProblemResults.Problem(StatusCodes.Status404NotFound, "identity.data_export.not_found", "No export of this account has this id.");
}

internal sealed record DataExportAccepted(Guid ExportId);

internal sealed record DataExportView(Guid ExportId, DataExportStatus Status, DateTime RequestedAt, DateTime? ReadyAt, DateTime? ExpiresAt, long? SizeBytes);

/// <summary>
/// Prepares pending exports (every 10 s by default, <c>Jobs:identity-data-exports:Cron</c>): each module's contributor writes
/// its part straight into the ZIP on disk, row by row, so a large account never sits in memory (ADR 0110).
/// </summary>
internal sealed class PrepareDataExportsJob(IServiceScopeFactory scopes, ExportFiles files, TimeProvider clock, ILogger<PrepareDataExportsJob> logger)
    : IDailyJob
{
    public const string JobName = "identity-data-exports";
    public const string Format = "urssaf-personal-data/1";
    private const int MaxAttempts = 3;

    public string Name => JobName;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        List<Guid> pending;
        await using (var scope = scopes.CreateAsyncScope())
            pending = await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().DataExports.AsNoTracking()
                .Where(e => e.Status == DataExportStatus.Preparing).OrderBy(e => e.RequestedOnUtc).Select(e => e.Id).Take(10).ToListAsync(cancellationToken);
        var done = 0;
        foreach (var id in pending)
            if (await PrepareAsync(id, cancellationToken)) done++;
        return done;
    }

    private async Task<bool> PrepareAsync(Guid exportId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var export = await db.DataExports.SingleAsync(e => e.Id == exportId, cancellationToken);
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == export.AccountId, cancellationToken);
        Directory.CreateDirectory(files.Directory);
        var partial = files.PathOf(export.Id) + ".partial";
        try
        {
            if (account is null || account.Status == AccountStatus.Closed) throw new InvalidOperationException("The account is closed.");
            var contributors = scope.ServiceProvider.GetServices<IPersonalDataContributor>().OrderBy(c => c.Module, StringComparer.Ordinal).ToList();
            await WriteArchiveAsync(partial, export, contributors, cancellationToken);
            File.Move(partial, files.PathOf(export.Id), overwrite: true);
            var now = clock.GetUtcNow().UtcDateTime;
            (export.Status, export.ReadyOnUtc, export.ExpiresOnUtc, export.SizeBytes) =
                (DataExportStatus.Ready, now, now + DataExport.DownloadWindow, new FileInfo(files.PathOf(export.Id)).Length);
            export.Version++;
            db.AddIntegrationEvent(new DataExportReady(Guid.CreateVersion7(), now, account.Id.Value, export.Id, account.FirstName, account.Email,
                export.ExpiresOnUtc.Value));
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Data export {ExportId} failed ({Error}); attempt {Attempt}.", export.Id, ex.GetType().Name, export.Attempts + 1);
            if (File.Exists(partial)) File.Delete(partial);
            export.Attempts++;
            if (export.Attempts >= MaxAttempts || account is null || account.Status == AccountStatus.Closed) export.Status = DataExportStatus.Failed;
            export.Version++;
            await db.SaveChangesAsync(CancellationToken.None);
            return false;
        }
    }

    /// <summary>
    /// The archive: <c>&lt;module&gt;.json</c> per module (<c>{ format, module, accountId, generatedAt, ...the module's members }</c>),
    /// the module's files under <c>&lt;module&gt;/</c>, and <c>index.json</c> listing every entry with its size and SHA-256.
    /// </summary>
    private async Task WriteArchiveAsync(string path, DataExport export, IReadOnlyList<IPersonalDataContributor> contributors, CancellationToken ct)
    {
        var generatedAt = clock.GetUtcNow().UtcDateTime;
        var index = new List<IndexEntry>();
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.ReadWrite };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var file = new FileStream(path, options);
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var contributor in contributors)
            {
                var name = $"{contributor.Module}.json";
                await using (var stream = new HashingStream(zip.CreateEntry(name, CompressionLevel.Optimal).Open()))
                {
                    await using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                    {
                        json.WriteStartObject();
                        json.WriteString("format", Format);
                        json.WriteString("module", contributor.Module);
                        json.WriteString("accountId", export.AccountId.ToString());
                        json.WriteString("generatedAt", generatedAt);
                        await contributor.WriteJsonAsync(export.AccountId, json, ct);
                        json.WriteEndObject();
                    }

                    index.Add(new IndexEntry(name, contributor.Module, "application/json", stream.Length, stream.Hash()));
                }

                await foreach (var attached in contributor.FilesAsync(export.AccountId, ct))
                {
                    var entryName = $"{contributor.Module}/{attached.Name}";
                    await using var source = await attached.Open(ct);
                    await using var target = new HashingStream(zip.CreateEntry(entryName, CompressionLevel.NoCompression).Open());
                    await source.CopyToAsync(target, ct);
                    await target.FlushAsync(ct);
                    index.Add(new IndexEntry(entryName, contributor.Module, attached.ContentType, target.Length, target.Hash()));
                }
            }

            await using var indexStream = zip.CreateEntry("index.json").Open();
            await JsonSerializer.SerializeAsync(indexStream, new ExportIndex(Format, export.Id, export.AccountId.Value, generatedAt,
                contributors.Select(c => c.Module).ToList(), index), PersonalDataJson.Options, ct);
        }

        await file.FlushAsync(ct);
    }

    private sealed record IndexEntry(string Path, string Module, string ContentType, long SizeBytes, string Sha256);

    private sealed record ExportIndex(string Format, Guid ExportId, Guid AccountId, DateTime GeneratedAt, List<string> Modules, List<IndexEntry> Entries);

    /// <summary>Counts and hashes what passes through to the archive entry.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public string Hash() => Convert.ToHexStringLower(_hash.GetCurrentHash());
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            _length += buffer.Length;
            inner.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span); // ZIP entry streams write synchronously to the archive file
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
