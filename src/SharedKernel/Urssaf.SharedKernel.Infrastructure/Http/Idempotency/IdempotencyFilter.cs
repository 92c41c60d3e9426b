using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.SharedKernel.Infrastructure.Http.Idempotency;

/// <summary>Marks an endpoint whose request body must be buffered for the idempotency fingerprint.</summary>
public sealed class IdempotentEndpointMetadata;

/// <summary>Marks an idempotent endpoint whose handler writes only through the module's <see cref="IModuleWriter{TContext}"/> (ADR 0130).</summary>
public sealed class WritesThroughModuleWriterMetadata;

public static class IdempotencyExtensions
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>
    /// Accepts an <c>Idempotency-Key</c> on the endpoint (API.md): same key and body → the stored response,
    /// replayed; same key, other body → 422; while the first is in flight → 409.
    /// </summary>
    /// <param name="writesThroughModuleWriter">
    /// The handler writes only through <see cref="IModuleWriter{TContext}"/>: the key's record is then claimed and completed in
    /// the writer's units, the completion in the very unit of the handler's change (ADR 0130).
    /// </param>
    public static RouteHandlerBuilder WithIdempotency<TContext>(this RouteHandlerBuilder builder, bool writesThroughModuleWriter = false) where TContext : ModuleDbContext
    {
        builder.WithMetadata(new IdempotentEndpointMetadata()).AddEndpointFilter<IdempotencyFilter<TContext>>();
        if (writesThroughModuleWriter) builder.WithMetadata(new WritesThroughModuleWriterMetadata());
        builder.WithRequestTimeout(RequestTimeout); // shorter than the key's lease (ADR 0123)
        return builder;
    }

    /// <summary>
    /// Answers a retry may change, so never stored as the key's answer: a conflict (409), a stale <c>If-Match</c> (412),
    /// a rate limit (429), an expired token (401) and "log in again" (403 <c>identity.reauthentication_required</c>).
    /// </summary>
    public static bool IsRetryableAnswer(int status, byte[]? body) => status switch
    {
        401 or 409 or 412 or 429 => true,
        403 => body is { Length: > 0 } && Encoding.UTF8.GetString(body).Contains("\"identity.reauthentication_required\"", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>How long an idempotent request may run before its cancellation token fires.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a key stays reserved to the request that took it: five times the request timeout, so a live request never
    /// loses it; and a request that overran anyway (a handler ignoring cancellation) completes only if it still holds it.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

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
    private static readonly TimeSpan Lease = IdempotencyExtensions.Lease;
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

        var writer = http.GetEndpoint()?.Metadata.GetMetadata<WritesThroughModuleWriterMetadata>() is null ? null
            : http.RequestServices.GetService<IModuleWriter<TContext>>() is { GroupsCommits: true } w ? w : null;
        var (existing, lease) = writer is null
            ? await ClaimAsync(db, scope, endpoint, key, fingerprint, now)
            : await writer.WriteAsync(db, (w, _) => ClaimAsync(w, scope, endpoint, key, fingerprint, now), http.RequestAborted);
        if (existing is not null)
        {
            if (existing.Fingerprint != fingerprint)
                return ProblemResults.Problem(422, "request.idempotency_key.reused",
                    "This Idempotency-Key was already used with another request.");
            if (existing.Completed) return new StoredResponse(existing, replayed: true);
            return ProblemResults.Problem(409, "request.idempotency_key.in_flight",
                "A request with this Idempotency-Key is still being processed; retry later.");
        }

        if (writer is not null) return await RunHeldAsync(writer, db, context, next, scope, endpoint, key, lease);

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

            if (IsRetryable(response))
            {
                // Not the key's final answer: the handler's own writes stand, the key is freed for the retry
                await db.IdempotencyRecords.Where(r => r.Scope == scope && r.Endpoint == endpoint && r.Key == key && r.LockedUntilUtc == lease && !r.Completed)
                    .ExecuteDeleteAsync(CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
                return new StoredResponse(response, replayed: false);
            }

            // Completed only by the holder of the lease, in the transaction of the change: an overrun request whose lease
            // was taken over rolls back instead of committing a second effect
            var completed = await db.IdempotencyRecords
                .Where(r => r.Scope == scope && r.Endpoint == endpoint && r.Key == key && r.LockedUntilUtc == lease && !r.Completed)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Completed, true).SetProperty(r => r.ResponseStatus, response.ResponseStatus)
                    .SetProperty(r => r.ResponseHeaders, response.ResponseHeaders).SetProperty(r => r.ResponseBody, response.ResponseBody), CancellationToken.None);
            if (completed != 1)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return ProblemResults.Problem(409, "request.idempotency_key.in_flight",
                    "This request took longer than its Idempotency-Key lease and another attempt took the key over; nothing was changed by this one.");
            }

            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            return new StoredResponse(response, replayed: false);
        }
        catch
        {
            await transaction.RollbackAsync(CancellationToken.None);
            await ReleaseAsync(db, scope, endpoint, key);
            throw;
        }
    }

    /// <summary>
    /// The group-commit path (ADR 0130): the handler's unit stays open behind its savepoint while its answer is captured,
    /// then the record is completed (or freed) in that same unit, and the answer leaves only once the batch committed.
    /// </summary>
    private static async Task<object?> RunHeldAsync(IModuleWriter<TContext> writer, TContext db, EndpointFilterInvocationContext context,
        EndpointFilterDelegate next, string scope, string endpoint, string key, DateTime lease)
    {
        var http = context.HttpContext;
        var hold = WriteHold.Enter();
        object? result;
        IdempotencyRecord response;
        try
        {
            result = await next(context);
            WriteHold.Leave();
            response = await CaptureAsync(result, http);
        }
        catch
        {
            WriteHold.Leave();
            if (hold.Taken) hold.Abort();
            await writer.WriteAsync(db, async (w, _) => await Release(w, scope, endpoint, key), CancellationToken.None);
            throw;
        }

        if (response.ResponseStatus >= 500)
        {
            if (hold.Taken) hold.Abort();
            await writer.WriteAsync(db, async (w, _) => await Release(w, scope, endpoint, key), CancellationToken.None);
            return result;
        }

        // Not the key's final answer: the handler's own writes stand, the key is freed for the retry
        Func<ModuleDbContext, CancellationToken, Task> completion = IsRetryable(response)
            ? async (w, _) => await w.IdempotencyRecords.Where(r => r.Scope == scope && r.Endpoint == endpoint && r.Key == key && r.LockedUntilUtc == lease && !r.Completed)
                .ExecuteDeleteAsync(CancellationToken.None)
            : async (w, _) =>
            {
                var completed = await w.IdempotencyRecords
                    .Where(r => r.Scope == scope && r.Endpoint == endpoint && r.Key == key && r.LockedUntilUtc == lease && !r.Completed)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.Completed, true).SetProperty(r => r.ResponseStatus, response.ResponseStatus)
                        .SetProperty(r => r.ResponseHeaders, response.ResponseHeaders).SetProperty(r => r.ResponseBody, response.ResponseBody), CancellationToken.None);
                if (completed != 1) throw new LeaseLostException(); // rolls the unit back, the handler's change with it
            };
        try
        {
            if (hold.Taken) await hold.FinishAsync(completion);
            else await writer.WriteAsync(db, async (w, ct) => { await completion(w, ct); return true; }, CancellationToken.None);
        }
        catch (LeaseLostException)
        {
            return ProblemResults.Problem(409, "request.idempotency_key.in_flight",
                "This request took longer than its Idempotency-Key lease and another attempt took the key over; nothing was changed by this one.");
        }
        catch
        {
            await writer.WriteAsync(db, async (w, _) => await Release(w, scope, endpoint, key), CancellationToken.None);
            throw;
        }

        return new StoredResponse(response, replayed: false);
    }

    private static Task<int> Release(ModuleDbContext db, string scope, string endpoint, string key) =>
        db.IdempotencyRecords.Where(r => r.Scope == scope && r.Endpoint == endpoint && r.Key == key && !r.Completed).ExecuteDeleteAsync(CancellationToken.None);

    private sealed class LeaseLostException : Exception;

    internal static bool IsRetryable(IdempotencyRecord response) => IdempotencyExtensions.IsRetryableAnswer(response.ResponseStatus, response.ResponseBody);

    /// <summary>
    /// Inserts an in-flight record; returns the existing one when the key is taken, or null and the lease this request
    /// holds (a value unique to it, which the completion checks).
    /// </summary>
    private static async Task<(IdempotencyRecord? Existing, DateTime Lease)> ClaimAsync(TContext db, string scope, string endpoint, string key, string fingerprint, DateTime now)
    {
        var lease = Messaging.Leases.Token(now + Lease);
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

                if (existing.Completed || existing.Fingerprint != fingerprint || existing.LockedUntilUtc > now) return (existing, default);

                // The first request's process died before completing: its lease expired, this retry takes it over.
                var taken = await db.IdempotencyRecords
                    .Where(r => r.Scope == scope && r.Endpoint == endpoint && r.Key == key && !r.Completed && r.LockedUntilUtc == existing.LockedUntilUtc)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.LockedUntilUtc, lease));
                if (taken == 1) return (null, lease);
                continue;
            }

            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Scope = scope, Endpoint = endpoint, Key = key, Fingerprint = fingerprint,
                LockedUntilUtc = lease, CreatedOnUtc = now, ExpiresOnUtc = now + Retention,
            });
            try
            {
                await db.SaveChangesAsync();
                return (null, lease);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // a concurrent request inserted the same key first
            }
        }

        return (await db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.Scope == scope && r.Endpoint == endpoint && r.Key == key), default);
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
