using Microsoft.EntityFrameworkCore.Design;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Compliance.Persistence;

internal sealed class ComplianceSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<ComplianceSqlServerDbContext>
{
    public ComplianceSqlServerDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.SqlServer<ComplianceSqlServerDbContext>(ComplianceDbContext.Schema));
}

internal sealed class ComplianceSqliteDesignTimeFactory : IDesignTimeDbContextFactory<ComplianceSqliteDbContext>
{
    public ComplianceSqliteDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.Sqlite<ComplianceSqliteDbContext>(ComplianceDbContext.Schema));
}
