using Microsoft.EntityFrameworkCore.Design;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Identity.Persistence;

internal sealed class IdentitySqlServerDesignTimeFactory : IDesignTimeDbContextFactory<IdentitySqlServerDbContext>
{
    public IdentitySqlServerDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.SqlServer<IdentitySqlServerDbContext>(IdentityDbContext.Schema));
}

internal sealed class IdentitySqliteDesignTimeFactory : IDesignTimeDbContextFactory<IdentitySqliteDbContext>
{
    public IdentitySqliteDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.Sqlite<IdentitySqliteDbContext>(IdentityDbContext.Schema));
}
