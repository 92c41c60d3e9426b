using Microsoft.EntityFrameworkCore.Design;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Payments.Persistence;

internal sealed class PaymentsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<PaymentsSqlServerDbContext>
{
    public PaymentsSqlServerDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.SqlServer<PaymentsSqlServerDbContext>(PaymentsDbContext.Schema));
}

internal sealed class PaymentsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<PaymentsSqliteDbContext>
{
    public PaymentsSqliteDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.Sqlite<PaymentsSqliteDbContext>(PaymentsDbContext.Schema));
}
