using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Payments.Domain;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Payments.Persistence;

/// <summary>The Payments module's data, in schema <c>payments</c> (SQL Server) or file <c>payments.db</c> (SQLite).</summary>
internal abstract class PaymentsDbContext(DbContextOptions options) : ModuleDbContext(options, Schema)
{
    public const string Schema = "payments";

    public DbSet<Obligation> Obligations => Set<Obligation>();
}

internal sealed class PaymentsSqlServerDbContext(DbContextOptions<PaymentsSqlServerDbContext> options) : PaymentsDbContext(options);

internal sealed class PaymentsSqliteDbContext(DbContextOptions<PaymentsSqliteDbContext> options) : PaymentsDbContext(options);
