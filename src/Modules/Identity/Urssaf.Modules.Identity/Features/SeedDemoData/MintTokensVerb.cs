using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Identity.Features.SeedDemoData;

/// <summary>
/// <c>mint-tokens &lt;count&gt; &lt;file&gt;</c>: opens a real session for each of the first seeded accounts and writes
/// their access tokens, one per line, for load tests (the tokens are as valid as a login's, for their lifetime).
/// </summary>
internal sealed class MintTokensVerb : IHostVerb
{
    public string Verb => "mint-tokens";

    public string Usage => "mint-tokens <count> <file>   open sessions for the first <count> seeded accounts and write their access tokens";

    public async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        // Opens sessions without credentials: like seed, only in Development and Testing (HostEnvironments).
        if (Urssaf.SharedKernel.Infrastructure.Hosting.HostEnvironments.IsProductionLike(services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>()))
        {
            await output.WriteLineAsync("mint-tokens is refused outside Development and Testing.");
            return 2;
        }

        if (arguments.Count != 2 || !int.TryParse(arguments[0], CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            await output.WriteLineAsync("usage: " + Usage);
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var tokens = scope.ServiceProvider.GetRequiredService<AccessTokens>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var ids = Enumerable.Range(0, count).Select(i => new AccountId(SeedAccount.Create(i).AccountId)).ToList();
        var known = new HashSet<AccountId>();
        foreach (var chunk in ids.Chunk(10_000)) // SQLite allows 32,766 parameters per statement
            known.UnionWith(await db.Accounts.AsNoTracking().Where(a => chunk.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken));
        var sessions = ids.Where(known.Contains).Select(id => Session.Open(id, rememberMe: true, "password", new SessionOptions(), "127.0.0.1", "load-test", now)).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.InsertAsync(sessions, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await File.WriteAllLinesAsync(arguments[1], sessions.Select(tokens.Issue), cancellationToken);
        await output.WriteLineAsync($"{sessions.Count} access tokens written to {arguments[1]} ({ids.Count - sessions.Count} accounts not seeded)");
        return 0;
    }
}
