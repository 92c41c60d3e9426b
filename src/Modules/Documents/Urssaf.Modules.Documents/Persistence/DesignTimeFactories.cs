using Microsoft.EntityFrameworkCore.Design;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Documents.Persistence;

internal sealed class DocumentsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<DocumentsSqlServerDbContext>
{
    public DocumentsSqlServerDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.SqlServer<DocumentsSqlServerDbContext>(DocumentsDbContext.Schema));
}

internal sealed class DocumentsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<DocumentsSqliteDbContext>
{
    public DocumentsSqliteDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.Sqlite<DocumentsSqliteDbContext>(DocumentsDbContext.Schema));
}
