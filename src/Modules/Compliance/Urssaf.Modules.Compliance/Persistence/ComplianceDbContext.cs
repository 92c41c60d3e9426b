using Microsoft.EntityFrameworkCore;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Compliance.Persistence;

/// <summary>The Compliance module's data, in schema <c>compliance</c> (SQL Server) or file <c>compliance.db</c> (SQLite).</summary>
internal abstract class ComplianceDbContext(DbContextOptions options) : ModuleDbContext(options, Schema)
{
    public const string Schema = "compliance";
}

internal sealed class ComplianceSqlServerDbContext(DbContextOptions<ComplianceSqlServerDbContext> options) : ComplianceDbContext(options);

internal sealed class ComplianceSqliteDbContext(DbContextOptions<ComplianceSqliteDbContext> options) : ComplianceDbContext(options);
