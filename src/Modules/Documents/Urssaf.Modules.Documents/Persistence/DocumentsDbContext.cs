using Microsoft.EntityFrameworkCore;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Documents.Persistence;

/// <summary>The Documents module's data, in schema <c>documents</c> (SQL Server) or file <c>documents.db</c> (SQLite).</summary>
internal abstract class DocumentsDbContext(DbContextOptions options) : ModuleDbContext(options, Schema)
{
    public const string Schema = "documents";
}

internal sealed class DocumentsSqlServerDbContext(DbContextOptions<DocumentsSqlServerDbContext> options) : DocumentsDbContext(options);

internal sealed class DocumentsSqliteDbContext(DbContextOptions<DocumentsSqliteDbContext> options) : DocumentsDbContext(options);
