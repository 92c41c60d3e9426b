using Microsoft.EntityFrameworkCore;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>
/// Reserves a batch of due rows with a lease, so that several processes (two hosts, or the server beside the
/// <c>drain</c> verb) never process the same row at once. The claim is ONE conditional statement that re-checks
/// the lease as it writes it and returns only the rows it changed: SQL Server with <c>UPDLOCK, READPAST</c> and
/// <c>OUTPUT</c>, SQLite with <c>UPDATE … RETURNING</c> under its single writer lock (ADR 0120).
/// The lease value is unique to this claim and serves as its owner token.
/// </summary>
internal static class MessageClaims
{
    public static async Task<(List<Guid> Ids, DateTime Lease)> ClaimAsync(ModuleDbContext db, string table, DateTime now, MessagingOptions options, CancellationToken ct)
    {
        var lease = Leases.Token(now.AddSeconds(options.LeaseSeconds));
        var sql = db.Database.IsSqlServer() ? SqlServerClaim(db.SchemaName, table) : SqliteClaim(table);
        var ids = await db.Database.SqlQueryRaw<Guid>(sql, Leases.Parameters(db, ("@batch", options.BatchSize), ("@max", options.MaxAttempts), ("@now", now), ("@lease", lease)))
            .ToListAsync(ct);
        return (ids, lease);
    }

    /// <summary>The SQLite claim: one statement, so no other process can claim between the check and the write.</summary>
    public static string SqliteClaim(string table) => $"""
        UPDATE "{table}" SET "LockedUntilUtc" = @lease
        WHERE "Id" IN (
            SELECT "Id" FROM "{table}"
            WHERE "ProcessedOnUtc" IS NULL AND "Attempts" < @max AND "NextAttemptOnUtc" <= @now
              AND ("LockedUntilUtc" IS NULL OR "LockedUntilUtc" < @now)
            ORDER BY "NextAttemptOnUtc" LIMIT @batch)
          AND ("LockedUntilUtc" IS NULL OR "LockedUntilUtc" < @now)
        RETURNING "Id" AS "Value";
        """;

    /// <summary>The SQL Server claim; public so a test can parse it with the T-SQL parser.</summary>
    public static string SqlServerClaim(string schema, string table) => $"""
        WITH batch AS (
            SELECT TOP (@batch) * FROM [{schema}].[{table}] WITH (UPDLOCK, READPAST, ROWLOCK)
            WHERE [ProcessedOnUtc] IS NULL AND [Attempts] < @max AND [NextAttemptOnUtc] <= @now
              AND ([LockedUntilUtc] IS NULL OR [LockedUntilUtc] < @now)
            ORDER BY [NextAttemptOnUtc])
        UPDATE batch SET [LockedUntilUtc] = @lease
        OUTPUT inserted.[Id] AS [Value];
        """;

    /// <summary>A sensitive event (a code, a link, half a password) that will not be retried is a dead letter without its secret.</summary>
    public static void EraseIfDeadSecret(MessageRow row, MessagingOptions options, IntegrationEventTypeRegistry registry)
    {
        if (row.Attempts >= options.MaxAttempts && registry.IsSensitive(row.Type)) row.Content = ModuleMessagingContent.Erased;
    }
}

/// <summary>The content a handled or dead sensitive event keeps.</summary>
internal static class ModuleMessagingContent
{
    public const string Erased = "{\"erased\":true}";
}
