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
        var accounts = Features.Shared.DashboardViews.AccountsChangedIn(ChangeTracker);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (accounts.Count > 0) await Features.Shared.DashboardViews.InvalidateAsync(this, accounts, cancellationToken);
        return saved;
    }
}

internal sealed class ComplianceSqlServerDbContext(DbContextOptions<ComplianceSqlServerDbContext> options) : ComplianceDbContext(options);

internal sealed class ComplianceSqliteDbContext(DbContextOptions<ComplianceSqliteDbContext> options) : ComplianceDbContext(options);
