using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Urssaf.SharedKernel.Infrastructure.Journal;

/// <summary>
/// One entry of a module's tamper-evident journal (ADR 0112): its hash covers the previous entry's hash and its own
/// canonical content, so editing, deleting or reordering a row breaks the chain from that entry on.
/// </summary>
public sealed class JournalEntry
{
    public long Sequence { get; set; }
    public DateTime AtUtc { get; set; }
    /// <summary>What happened, dotted (<c>identity.login.succeeded</c>, <c>operator.action</c>).</summary>
    public string Kind { get; set; } = "";
    /// <summary>Who acted: <c>account:&lt;id&gt;</c>, <c>operator:&lt;name&gt;</c>, <c>system</c>.</summary>
    public string Actor { get; set; } = "";
    public Guid? AccountId { get; set; }
    /// <summary>Details as JSON; never a secret, a full NIR or IBAN.</summary>
    public string Data { get; set; } = "{}";
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";

    public static readonly string Genesis = new('0', 64);

    /// <summary>JSON with a fixed member order, UTC ISO-8601 and invariant culture: the bytes the hash covers.</summary>
    public string Canonical()
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", Sequence);
            json.WriteString("at", AtUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
            json.WriteString("kind", Kind);
            json.WriteString("actor", Actor);
            json.WriteString("account", AccountId?.ToString("D"));
            json.WriteString("data", Data);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>SHA-256 over the previous hash and the canonical content, lower-case hex.</summary>
    public string ComputeHash() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PreviousHash + "\n" + Canonical())));
}

/// <summary>A signed statement of the chain's head at one moment: truncating or recomputing the chain behind it is detected.</summary>
public sealed class JournalCheckpoint
{
    public long Sequence { get; set; }
    public DateTime AtUtc { get; set; }
    public string Hash { get; set; } = "";
    public string Signature { get; set; } = "";

    public byte[] SignedBytes(string module) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"urssaf-journal-checkpoint|{module}|{Sequence}|{Hash}|{AtUtc:yyyy-MM-ddTHH:mm:ss.fffffffZ}"));
}

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> b)
    {
        b.ToTable("Journal");
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.Kind).HasMaxLength(80).IsUnicode(false);
        b.Property(e => e.Actor).HasMaxLength(120);
        b.Property(e => e.PreviousHash).HasMaxLength(64).IsUnicode(false);
        b.Property(e => e.Hash).HasMaxLength(64).IsUnicode(false);
        b.HasIndex(e => e.AccountId);
        b.HasIndex(e => e.AtUtc);
    }
}

internal sealed class JournalCheckpointConfiguration : IEntityTypeConfiguration<JournalCheckpoint>
{
    public void Configure(EntityTypeBuilder<JournalCheckpoint> b)
    {
        b.ToTable("JournalCheckpoints");
        b.HasKey(c => c.Sequence);
        b.Property(c => c.Sequence).ValueGeneratedNever();
        b.Property(c => c.Hash).HasMaxLength(64).IsUnicode(false);
        b.Property(c => c.Signature).HasMaxLength(200).IsUnicode(false);
    }
}

public static class JournalModel
{
    /// <summary>Maps the journal and its checkpoints into a module's context (its own schema, its own file).</summary>
    public static ModelBuilder ApplyJournal(this ModelBuilder modelBuilder) => modelBuilder
        .ApplyConfiguration(new JournalEntryConfiguration())
        .ApplyConfiguration(new JournalCheckpointConfiguration());
}
