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
/// Seeds formalities and active accounts with the domain's own factories. The password hash (PBKDF2, 210,000
/// iterations) is computed once and shared: hashing each account would take hours for 100,000 of them.
/// </summary>
internal sealed class IdentitySeeder(PasswordHashing passwords, NirProtector nirs) : IModuleSeeder
{
    private readonly Lazy<string> _hash = new(() => passwords.Hash(SeedAccount.Password));

    public int Order => 0;

    public async Task SeedAsync(IReadOnlyList<SeedAccount> accounts, SeedContext context, IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<IdentityDbContext>();
        var formalities = accounts.Select(a =>
        {
            var (gender, birthplace, birthcountry) = EntrepreneurIdentity.FromNir(Identifiers.NormalizeNir(a.Nir));
            return Formality.Create(new FormalityData(a.Siret, a.LegalName, "6201Z", a.ActivityStart, ActivityNature.Liberal,
                    a.Category, a.Department, a.Frequency, false, false, a.Address),
                new EntrepreneurIdentity(nirs.Lookup(a.Nir), NirProtector.Mask(a.Nir), a.LastName, null, a.FirstName, SeedBirthDate(a.Nir),
                    gender, birthplace, birthcountry), context.Now);
        }).ToList();
        var rows = accounts.Select(a =>
        {
            var account = Account.Register(a.Siret, nirs.Lookup(a.Nir), NirProtector.Mask(a.Nir), a.FirstName, a.LastName, a.Email, a.MobilePhone,
                _hash.Value, "Ville de naissance ?", _hash.Value, context.Now, new AccountId(a.AccountId));
            account.Confirm(ActivationChannel.Email, context.Now);
            account.Confirm(ActivationChannel.Sms, context.Now);
            return account;
        }).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.InsertAsync(formalities, cancellationToken);
        await db.InsertAsync(rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The 1st of the birth month and year the NIR encodes (an unknown month counts as January).</summary>
    private static DateOnly SeedBirthDate(string nir)
    {
        var year = int.Parse(nir.AsSpan(1, 2), CultureInfo.InvariantCulture);
        var month = int.Parse(nir.AsSpan(3, 2), CultureInfo.InvariantCulture);
        return new DateOnly(year > 30 ? 1900 + year : 2000 + year, month is >= 1 and <= 12 ? month : 1, 1);
    }
}

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
        var known = (await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken)).ToHashSet();
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
