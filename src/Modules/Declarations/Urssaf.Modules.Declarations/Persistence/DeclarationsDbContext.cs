using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Declarations.Persistence;

/// <summary>The Declarations module's data, in schema <c>declarations</c> (SQL Server) or file <c>declarations.db</c> (SQLite).</summary>
internal abstract class DeclarationsDbContext(DbContextOptions options) : ModuleDbContext(options, Schema)
{
    public const string Schema = "declarations";

    public DbSet<Enterprise> Enterprises => Set<Enterprise>();
    public DbSet<Declaration> Declarations => Set<Declaration>();
    public DbSet<DeclarationVersion> DeclarationVersions => Set<DeclarationVersion>();
}

internal sealed class DeclarationsSqlServerDbContext(DbContextOptions<DeclarationsSqlServerDbContext> options) : DeclarationsDbContext(options);

internal sealed class DeclarationsSqliteDbContext(DbContextOptions<DeclarationsSqliteDbContext> options) : DeclarationsDbContext(options);
