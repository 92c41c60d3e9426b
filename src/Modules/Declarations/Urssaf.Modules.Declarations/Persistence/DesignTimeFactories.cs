using Microsoft.EntityFrameworkCore.Design;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Declarations.Persistence;

internal sealed class DeclarationsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<DeclarationsSqlServerDbContext>
{
    public DeclarationsSqlServerDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.SqlServer<DeclarationsSqlServerDbContext>(DeclarationsDbContext.Schema));
}

internal sealed class DeclarationsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<DeclarationsSqliteDbContext>
{
    public DeclarationsSqliteDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.Sqlite<DeclarationsSqliteDbContext>(DeclarationsDbContext.Schema));
}
