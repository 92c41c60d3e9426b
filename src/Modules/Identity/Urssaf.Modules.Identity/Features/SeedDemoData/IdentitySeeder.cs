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
