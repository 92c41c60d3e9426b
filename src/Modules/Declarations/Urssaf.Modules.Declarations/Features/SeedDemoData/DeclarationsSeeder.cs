using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Domain.Rates;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Declarations.Features.SeedDemoData;

/// <summary>
/// Seeds each account's enterprise and its last four ended quarters, computed by the same draft and calculator as a
/// filing (rates, rounding, calendar); the amounts go to the seed context for the modules that would have had the events.
/// Written by the bulk insert (the lines as the JSON document EF writes), in primary-key order, one transaction per batch.
/// </summary>
internal sealed class DeclarationsSeeder(DeclarationCalendar calendar, RateTable rates) : IModuleSeeder
{
    public int Order => 1;

    public async Task SeedAsync(IReadOnlyList<SeedAccount> accounts, SeedContext context, IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<DeclarationsDbContext>();
        var enterprises = new List<Enterprise>(accounts.Count);
        var declarations = new List<Declaration>(accounts.Count * 4);
        var today = calendar.Today(context.Now);
        var last = DeclarationPeriod.Containing(today, DeclarationFrequency.Quarterly).Previous();
        var periods = new[] { last.Previous().Previous().Previous(), last.Previous().Previous(), last.Previous(), last };
        foreach (var a in accounts)
        {
            var enterprise = new Enterprise
            {
                Siret = a.Siret, AccountId = new AccountId(a.AccountId), ActivityStartDate = a.ActivityStart, ActivityNature = ActivityNature.Liberal,
                PrimaryCategory = a.Category, Department = a.Department, DeclarationFrequency = a.Frequency, UpdatedOnUtc = context.Now,
                LastAnnouncedPeriod = last.ToString(), NextAnnouncementOn = last.Next().End.AddDays(1),
            };
            enterprises.Add(enterprise);
            foreach (var period in periods)
            {
                var turnover = 2_000 + (a.Index * 37 + period.GetHashCode()) % 9_000;
                var draft = DeclarationDraft.Prepare(enterprise, period, [new PartLine(new TurnoverLine(a.Category, Math.Abs(turnover)), null)], calendar, rates, false, context.Now);
                if (!draft.IsSuccess) continue;
                var submitted = draft.Value.Entry.DueDate.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc).AddDays(-10);
                var declaration = Declaration.File(enterprise.AccountId!.Value, a.Siret, draft.Value.Entry, draft.Value.DeadlineUtc, draft.Value.Lines,
                    draft.Value.Totals, submitted);
                declarations.Add(declaration);
                context.Declarations[(a.AccountId, declaration.Period)] =
                    new SeededDeclaration(declaration.Id, declaration.DueDate, declaration.DeadlineUtc, submitted, declaration.TotalCents);
            }
        }

        enterprises.Sort((x, y) => string.CompareOrdinal(x.Siret, y.Siret));
        declarations.Sort((x, y) => x.Id.CompareTo(y.Id)); // Guid order is the order of its text, the SQLite key
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.InsertAsync(enterprises, cancellationToken);
        await db.InsertAsync(declarations, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
