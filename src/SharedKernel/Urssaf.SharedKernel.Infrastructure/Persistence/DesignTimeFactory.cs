using Microsoft.EntityFrameworkCore;

namespace Urssaf.SharedKernel.Infrastructure.Persistence;

/// <summary>
/// Builds provider-specific options for the EF tools, so <c>dotnet ef migrations add</c> needs neither the
/// host nor a server. Module design-time factories are one line each on top of this.
/// </summary>
public static class DesignTimeOptions
{
    public static DbContextOptions<T> SqlServer<T>(string schema) where T : DbContext =>
        (DbContextOptions<T>)new DbContextOptionsBuilder<T>()
            .UseModuleSqlServer("Server=design-time;Database=Urssaf;Integrated Security=true;TrustServerCertificate=true", schema)
            .Options;

    public static DbContextOptions<T> Sqlite<T>(string schema) where T : DbContext =>
        (DbContextOptions<T>)new DbContextOptionsBuilder<T>()
            .UseModuleSqlite($"Data Source={schema}.design.db", schema)
            .Options;
}
