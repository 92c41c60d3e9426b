using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Declarations.Tests.Integration;

/// <summary>The host on 10 April 2026 (Q1 2026 is open until 30 April).</summary>
public sealed class April2026App() : UrssafApp(new DateTimeOffset(2026, 4, 10, 9, 0, 0, TimeSpan.Zero))
{
    /// <summary>An account whose enterprise profile Declarations already holds (as Identity's events would leave it).</summary>
    public async Task<AccountId> EnterpriseAsync(
        string start = "2025-06-01", DeclarationFrequency frequency = DeclarationFrequency.Quarterly,
        ActivityCategory category = ActivityCategory.LiberalBnc, ActivityNature nature = ActivityNature.Liberal,
        string department = "75", bool incomeTaxWithholding = false, bool acre = false)
    {
        var account = AccountId.New();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeclarationsDbContext>();
        db.Enterprises.Add(new Enterprise
        {
            Siret = Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
            AccountId = account,
            ActivityStartDate = DateOnly.Parse(start),
            DeclarationFrequency = frequency,
            PrimaryCategory = category,
            ActivityNature = nature,
            Department = department,
            IncomeTaxWithholding = incomeTaxWithholding,
            Acre = acre,
            UpdatedOnUtc = Clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync();
        return account;
    }
}
