using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Documents.Domain;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Documents.Persistence;

/// <summary>The Documents module's data, in schema <c>documents</c> (SQL Server) or file <c>documents.db</c> (SQLite); PDFs in the document store.</summary>
internal abstract class DocumentsDbContext(DbContextOptions options) : ModuleDbContext(options, Schema)
{
    public const string Schema = "documents";

    public DbSet<Document> Documents => Set<Document>();
    public DbSet<Holder> Holders => Set<Holder>();
    public DbSet<DeclaredPeriod> DeclaredPeriods => Set<DeclaredPeriod>();
    public DbSet<PaymentReturn> PaymentReturns => Set<PaymentReturn>();

    protected override bool HasJournal => true;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Document>(b =>
        {
            b.ToTable("Documents");
            b.HasKey(d => d.Id);
            b.Property(d => d.Id).ValueGeneratedNever();
            b.Property(d => d.Type).HasMaxLength(30).IsUnicode(false);
            b.Property(d => d.Title).HasMaxLength(120);
            b.Property(d => d.Period).HasMaxLength(7).IsUnicode(false);
            b.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(d => d.VerificationCodeHash).HasMaxLength(64).IsUnicode(false);
            b.Property(d => d.SourceKey).HasMaxLength(120).IsUnicode(false);
            b.Property(d => d.StorageKey).HasMaxLength(200).IsUnicode(false);
            b.Property(d => d.Sha256).HasMaxLength(64).IsUnicode(false);
            b.HasIndex(d => d.SourceKey).IsUnique();
            b.HasIndex(d => d.VerificationCodeHash).IsUnique();
            b.HasIndex(d => new { d.AccountId, d.IssuedOnUtc });
        });
        modelBuilder.Entity<Holder>(b =>
        {
            b.ToTable("Holders");
            b.HasKey(h => h.Siret);
            b.Property(h => h.Siret).HasMaxLength(14).IsUnicode(false);
            b.Property(h => h.LegalName).HasMaxLength(200);
            b.Property(h => h.Address).HasMaxLength(300);
            b.Property(h => h.ApeCode).HasMaxLength(6).IsUnicode(false);
            b.HasIndex(h => h.AccountId);
        });
        modelBuilder.Entity<DeclaredPeriod>(b =>
        {
            b.ToTable("DeclaredPeriods");
            b.HasKey(d => new { d.AccountId, d.Period });
            b.Property(d => d.Period).HasMaxLength(7).IsUnicode(false);
            b.Property(d => d.Lines).HasMaxLength(2000).IsUnicode(false);
        });
        modelBuilder.Entity<PaymentReturn>(b =>
        {
            b.ToTable("PaymentReturns");
            b.HasKey(r => r.SourceKey);
            b.Property(r => r.SourceKey).HasMaxLength(120).IsUnicode(false);
            b.Property(r => r.Period).HasMaxLength(7).IsUnicode(false);
            b.HasIndex(r => new { r.AccountId, r.Period });
        });
    }
}

internal sealed class DocumentsSqlServerDbContext(DbContextOptions<DocumentsSqlServerDbContext> options) : DocumentsDbContext(options);

internal sealed class DocumentsSqliteDbContext(DbContextOptions<DocumentsSqliteDbContext> options) : DocumentsDbContext(options);
