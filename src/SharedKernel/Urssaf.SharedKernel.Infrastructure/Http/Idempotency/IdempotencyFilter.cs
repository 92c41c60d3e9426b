using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.SharedKernel.Infrastructure.Http.Idempotency;

/// <summary>Marks an endpoint whose request body must be buffered for the idempotency fingerprint.</summary>
public sealed class IdempotentEndpointMetadata;

public static class IdempotencyExtensions
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>
    /// Accepts an <c>Idempotency-Key</c> on the endpoint (API.md): same key and body → the stored response,
    /// replayed; same key, other body → 422; while the first is in flight → 409.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotency<TContext>(this RouteHandlerBuilder builder) where TContext : ModuleDbContext =>
        builder.WithMetadata(new IdempotentEndpointMetadata())
            .AddEndpointFilter<IdempotencyFilter<TContext>>();

    /// <summary>Buffers the body of idempotent endpoints before binding reads it (run after routing).</summary>
    public static IApplicationBuilder UseIdempotencyBuffering(this IApplicationBuilder app) =>
        app.Use(static (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotentEndpointMetadata>() is not null)
                context.Request.EnableBuffering();
            return next(context);
        });
}

internal sealed class IdempotencyFilter<TContext>(TimeProvider clock) : IEndpointFilter where TContext : ModuleDbContext
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private static readonly string[] StoredHeaders = ["Location", "ETag", "Content-Type"];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(IdempotencyExtensions.Header, out var values)) return await next(context);

        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > 255 || key.Any(c => c is < (char)0x20 or > (char)0x7E))
            return ProblemResults.Problem(400, "request.idempotency_key.invalid",
                "The Idempotency-Key header must be one value of 1 to 255 printable ASCII characters.");

        var db = http.RequestServices.GetRequiredService<TContext>();
        var scope = ScopeOf(http.User);
        var endpoint = $"{http.Request.Method} {(http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value}";
        var fingerprint = await FingerprintAsync(http.Request);
        var now = clock.GetUtcNow().UtcDateTime;

        var existing = await ClaimAsync(db, scope, endpoint, key, fingerprint, now);
        if (existing is not null)
        {
            if (existing.Fingerprint != fingerprint)
                return ProblemResults.Problem(422, "request.idempotency_key.reused",
                    "This Idempotency-Key was already used with another request.");
            if (existing.Completed) return new StoredResponse(existing, replayed: true);
            return ProblemResults.Problem(409, "request.idempotency_key.in_flight",
                "A request with this Idempotency-Key is still being processed; retry later.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        try
        {
            var result = await next(context);
            var response = await CaptureAsync(result, http);
            if (response.ResponseStatus >= 500)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                await ReleaseAsync(db, scope, endpoint, key);
                return result;
            }

            var record = await db.IdempotencyRecords.SingleAsync(r => r.Scope == scope && r.Endpoint == endpoint && r.Key == key);
            record.Completed = true;
            record.ResponseStatus = response.ResponseStatus;
            record.ResponseHeaders = response.ResponseHeaders;
            record.ResponseBody = response.ResponseBody;
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            return new StoredResponse(record, replayed: false);
        }
        catch
        {
            await transaction.RollbackAsync(CancellationToken.None);
            await ReleaseAsync(db, scope, endpoint, key);
            throw;
        }
    }

    /// <summary>Inserts an in-flight record; returns the existing one when the key is taken (null when this request owns it).</summary>
    private static async Task<IdempotencyRecord?> ClaimAsync(TContext db, string scope, string endpoint, string key, string fingerprint, DateTime now)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var existing = await db.IdempotencyRecords.AsNoTracking()
                .SingleOrDefaultAsync(r => r.Scope == scope && r.Endpoint == endpoint && r.Key == key);
            if (existing is not null)
            {
                if (existing.ExpiresOnUtc <= now && existing.Completed)
                {
                    // Past the retention the key is free again (the documented expiry policy).
                    await db.IdempotencyRecords.Where(r => r.Scope == scope && r.Endpoint == endpoint && r.Key == key && r.ExpiresOnUtc <= now)
                        .ExecuteDeleteAsync();
                    continue;
                }

                if (existing.Completed || existing.Fingerprint != fingerprint || existing.LockedUntilUtc > now) return existing;

                // The first request's process died before completing: its lease expired, this retry takes it over.
                var taken = await db.IdempotencyRecords
                    .Where(r => r.Scope == scope && r.Endpoint == endpoint && r.Key == key && !r.Completed && r.LockedUntilUtc == existing.LockedUntilUtc)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.LockedUntilUtc, now + Lease));
                if (taken == 1) return null;
                continue;
            }

            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Scope = scope, Endpoint = endpoint, Key = key, Fingerprint = fingerprint,
                LockedUntilUtc = now + Lease, CreatedOnUtc = now, ExpiresOnUtc = now + Retention,
            });
            try
            {
                await db.SaveChangesAsync();
                return null;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // a concurrent request inserted the same key first
            }
        }

        return await db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.Scope == scope && r.Endpoint == endpoint && r.Key == key);
    }

    private static async Task ReleaseAsync(TContext db, string scope, string endpoint, string key)
    {
        db.ChangeTracker.Clear();
        await db.IdempotencyRecords.Where(r => r.Scope == scope && r.Endpoint == endpoint && r.Key == key && !r.Completed)
            .ExecuteDeleteAsync(CancellationToken.None);
    }

    private static string ScopeOf(ClaimsPrincipal user) =>
        user.FindFirstValue(UrssafClaims.Subject) ?? (user.HasClaim(UrssafClaims.Operator, "true") ? "operator" : "anonymous");

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer)) > 0) sha.AppendData(buffer, 0, read);
            request.Body.Position = 0;
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>Executes the endpoint's result into memory, so it can be stored and then written once.</summary>
    private static async Task<IdempotencyRecord> CaptureAsync(object? result, HttpContext http)
    {
        var probe = new DefaultHttpContext { RequestServices = http.RequestServices, TraceIdentifier = http.TraceIdentifier };
        using var body = new MemoryStream();
        probe.Response.Body = body;
        var executable = result as IResult ?? TypedResults.Ok(result);
        await executable.ExecuteAsync(probe);
        var headers = StoredHeaders
            .Where(h => probe.Response.Headers.ContainsKey(h))
            .ToDictionary(h => h, h => probe.Response.Headers[h].ToString());
        return new IdempotencyRecord
        {
            ResponseStatus = probe.Response.StatusCode,
            ResponseHeaders = JsonSerializer.Serialize(headers),
            ResponseBody = body.ToArray(),
        };
    }

    private sealed class StoredResponse(IdempotencyRecord record, bool replayed) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = record.ResponseStatus;
            var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(record.ResponseHeaders ?? "{}") ?? [];
            foreach (var (name, value) in headers) httpContext.Response.Headers[name] = value;
            if (replayed) httpContext.Response.Headers[IdempotencyExtensions.ReplayedHeader] = "true";
            if (record.ResponseBody is { Length: > 0 } bytes) await httpContext.Response.Body.WriteAsync(bytes);
        }
    }
}
