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
}

internal sealed class DocumentsSqlServerDbContext(DbContextOptions<DocumentsSqlServerDbContext> options) : DocumentsDbContext(options);

internal sealed class DocumentsSqliteDbContext(DbContextOptions<DocumentsSqliteDbContext> options) : DocumentsDbContext(options);
