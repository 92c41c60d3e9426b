using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Compliance.Persistence;

/// <summary>The Compliance module's data, in schema <c>compliance</c> (SQL Server) or file <c>compliance.db</c> (SQLite).</summary>
internal abstract class ComplianceDbContext(DbContextOptions options) : ModuleDbContext(options, Schema)
{
    public const string Schema = "compliance";

    public DbSet<EnterpriseRecord> Enterprises => Set<EnterpriseRecord>();
    public DbSet<ExpectedDeclaration> ExpectedDeclarations => Set<ExpectedDeclaration>();
    public DbSet<ObligationState> Obligations => Set<ObligationState>();
    public DbSet<DeclaredTurnover> DeclaredTurnovers => Set<DeclaredTurnover>();
    public DbSet<PaymentState> Payments => Set<PaymentState>();
    public DbSet<Penalty> Penalties => Set<Penalty>();
    public DbSet<DashboardLayout> DashboardLayouts => Set<DashboardLayout>();
    public DbSet<RemissionRequest> RemissionRequests => Set<RemissionRequest>();
    public DbSet<DashboardView> DashboardViews => Set<DashboardView>();

    /// <summary>Every save that changes an account's projection marks its dashboard view stale in the same transaction (ADR 0136).</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var accounts = Features.Dashboard.DashboardViews.AccountsChangedIn(ChangeTracker);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (accounts.Count > 0) await Features.Dashboard.DashboardViews.InvalidateAsync(this, accounts, cancellationToken);
        return saved;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<EnterpriseRecord>(b =>
        {
            b.ToTable("Enterprises");
            b.HasKey(e => e.Siret);
            b.Property(e => e.Siret).HasMaxLength(14).IsUnicode(false);
            b.Property(e => e.LegalName).HasMaxLength(200);
            b.Property(e => e.Frequency).HasConversion<string>().HasMaxLength(20);
            b.HasIndex(e => e.AccountId);
        });
        modelBuilder.Entity<ExpectedDeclaration>(b =>
        {
            b.ToTable("ExpectedDeclarations");
            b.HasKey(e => new { e.AccountId, e.Period });
            b.Property(e => e.Period).HasMaxLength(7).IsUnicode(false);
            b.HasIndex(e => new { e.LatePenaltyAssessed, e.DeadlineUtc });
        });
        modelBuilder.Entity<DeclaredTurnover>(b =>
        {
            b.ToTable("DeclaredTurnovers");
            b.HasKey(t => new { t.AccountId, t.Period, t.Year });
            b.Property(t => t.Period).HasMaxLength(7).IsUnicode(false);
        });
        modelBuilder.Entity<ObligationState>(b =>
        {
            b.ToTable("Obligations");
            b.HasKey(o => o.ObligationId);
            b.Property(o => o.ObligationId).ValueGeneratedNever();
            b.Property(o => o.Kind).HasMaxLength(20).IsUnicode(false);
            b.Property(o => o.Period).HasMaxLength(7).IsUnicode(false);
            b.HasIndex(o => o.AccountId);
            b.HasIndex(o => new { o.Kind, o.UncoveredCents, o.DueDate });
            b.Property(o => o.LateReceipts).HasMaxLength(2000).IsUnicode(false);
            b.Ignore(o => o.UnpaidAtDueDateCents);
            b.Ignore(o => o.StillOwedCents);
        });
        modelBuilder.Entity<PaymentState>(b =>
        {
            b.ToTable("Payments");
            b.HasKey(p => p.PaymentId);
            b.Property(p => p.PaymentId).ValueGeneratedNever();
            b.Property(p => p.Period).HasMaxLength(7).IsUnicode(false);
            b.Property(p => p.Method).HasMaxLength(20).IsUnicode(false);
            b.Property(p => p.Status).HasMaxLength(20).IsUnicode(false);
            b.HasIndex(p => new { p.AccountId, p.UpdatedOnUtc });
        });
        modelBuilder.Entity<Penalty>(b =>
        {
            b.ToTable("Penalties");
            b.HasKey(p => p.Id);
            b.Property(p => p.Id).ValueGeneratedNever();
            b.Property(p => p.Kind).HasMaxLength(20).IsUnicode(false);
            b.Property(p => p.Period).HasMaxLength(7).IsUnicode(false);
            b.Property(p => p.SourceKey).HasMaxLength(80).IsUnicode(false);
            b.Property(p => p.LegalReference).HasMaxLength(40);
            b.HasIndex(p => new { p.Kind, p.SourceKey }).IsUnique();
            b.HasIndex(p => p.AccountId);
            b.Property(p => p.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<RemissionRequest>(b =>
        {
            b.ToTable("RemissionRequests");
            b.HasKey(r => r.Id);
            b.Property(r => r.Id).ValueGeneratedNever();
            b.HasIndex(r => r.PenaltyId).IsUnique(); // one request per majoration
            b.HasIndex(r => new { r.Status, r.RequestedOnUtc });
            b.HasIndex(r => r.AccountId);
            b.Property(r => r.Period).HasMaxLength(7).IsUnicode(false);
            b.Property(r => r.Reason).HasMaxLength(1000);
            b.Property(r => r.Status).HasMaxLength(12).IsUnicode(false);
            b.Property(r => r.DecisionNote).HasMaxLength(1000);
        });
        modelBuilder.Entity<DashboardLayout>(b =>
        {
            b.ToTable("DashboardLayouts");
            b.HasKey(l => l.AccountId);
            b.Property(l => l.WidgetList).HasMaxLength(300).IsUnicode(false);
        });
        modelBuilder.Entity<DashboardView>(b =>
        {
            b.ToTable("DashboardViews");
            b.HasKey(v => v.AccountId);
        });
    }
}

internal sealed class ComplianceSqlServerDbContext(DbContextOptions<ComplianceSqlServerDbContext> options) : ComplianceDbContext(options);

internal sealed class ComplianceSqliteDbContext(DbContextOptions<ComplianceSqliteDbContext> options) : ComplianceDbContext(options);
