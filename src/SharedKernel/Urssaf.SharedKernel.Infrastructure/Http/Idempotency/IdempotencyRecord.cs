using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Urssaf.SharedKernel.Infrastructure.Http.Idempotency;

/// <summary>
/// The first response to an <c>Idempotency-Key</c>, kept in the module that owns the endpoint so that the
/// "completed" mark commits in the same transaction as the business change (SECURITY.md §6.1).
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>Who sent it: the account id, <c>operator</c> or <c>anonymous</c>; keys never leak across callers.</summary>
    public string Scope { get; set; } = "";
    public string Endpoint { get; set; } = "";
    public string Key { get; set; } = "";
    /// <summary>SHA-256 of method, path and body; the same key with another body is refused.</summary>
    public string Fingerprint { get; set; } = "";
    public bool Completed { get; set; }
    public DateTime LockedUntilUtc { get; set; }
    public int ResponseStatus { get; set; }
    public string? ResponseHeaders { get; set; }
    public byte[]? ResponseBody { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    public DateTime ExpiresOnUtc { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("IdempotencyRecords");
        b.HasKey(r => new { r.Scope, r.Endpoint, r.Key });
        b.Property(r => r.Scope).HasMaxLength(64);
        b.Property(r => r.Endpoint).HasMaxLength(200);
        b.Property(r => r.Key).HasMaxLength(255);
        b.Property(r => r.Fingerprint).HasMaxLength(64).IsUnicode(false);
        b.Property(r => r.ResponseHeaders).HasMaxLength(4000);
        b.HasIndex(r => r.ExpiresOnUtc);
    }
}
