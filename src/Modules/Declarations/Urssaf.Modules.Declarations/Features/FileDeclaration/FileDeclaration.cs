using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Domain.Rates;
using Urssaf.Modules.Declarations.Features.Shared;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.Modules.Payments.Contracts.Queries;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Declarations.Features.FileDeclaration;

/// <summary>Files a period's declaration, or corrects it until the due date (PUT semantics: repeating it changes nothing).</summary>
internal sealed record FileDeclarationCommand(AccountId AccountId, string Period, IReadOnlyList<TurnoverLineRequest> Lines, string? IfMatch, Guid? SessionId = null)
    : ICommand<Result<FileDeclarationResult>>;

internal sealed record FileDeclarationResult(bool Created, DeclarationResponse Declaration, string ETag);

internal sealed class FileDeclarationValidator : AbstractValidator<FileDeclarationCommand>
{
    public FileDeclarationValidator()
    {
        RuleFor(c => c.Period).ValidPeriod();
        RuleFor(c => c.Lines).ValidLines();
        RuleFor(c => c.IfMatch).MaximumLength(64).WithErrorCode("request.if_match.invalid");
    }
}

internal sealed class FileDeclarationHandler(DeclarationsDbContext db, IModuleWriter<DeclarationsDbContext> writer, DeclarationCalendar calendar,
    RateTable rates, TimeProvider clock, ISender sender)
    : ICommandHandler<FileDeclarationCommand, Result<FileDeclarationResult>>
{
    public async ValueTask<Result<FileDeclarationResult>> Handle(FileDeclarationCommand command, CancellationToken cancellationToken)
    {
        var enterprise = await db.EnterpriseOf(command.AccountId, cancellationToken);
        if (!enterprise.IsSuccess) return enterprise.Error!;
        var now = clock.GetUtcNow().UtcDateTime;
        var period = DeclarationPeriod.Parse(command.Period);
        // One read of the account's declarations (untracked): the one corrected, the ACRE history and the yearly thresholds
        var declarations = new List<Declaration>();
        await foreach (var d in DeclarationsOf(db, command.AccountId).WithCancellation(cancellationToken)) declarations.Add(d);
        var existing = declarations.SingleOrDefault(d => d.Period == command.Period);
        if (existing is not null && command.IfMatch is { } ifMatch && ifMatch != "*" && ifMatch != existing.ETag)
            return DeclarationErrors.StaleVersion;

        var earlier = DeclarationDraft.AcreCandidates(declarations.AsQueryable(), command.AccountId, enterprise.Value, period).ToList();
        var prepared = DeclarationDraft.Prepare(enterprise.Value, period, [.. command.Lines.Select(l => l.ToLine())], calendar, rates,
            existing is not null, now, DeclarationDraft.AcreBefore(enterprise.Value, period, earlier, rates));
        if (!prepared.IsSuccess) return prepared.Error!;
        var draft = prepared.Value;
        if (calendar.Today(now) <= period.End) return DeclarationErrors.NotEnded(command.Period);

        if (existing is null) return await FileAsync(command, enterprise.Value, declarations, draft, now, cancellationToken);
        if (existing.Declares(draft.Lines)) return new FileDeclarationResult(false, DeclarationResponse.From(existing), existing.ETag);
        if (now > existing.DeadlineUtc) return DeclarationErrors.Closed(command.Period);
        return await CorrectAsync(command, enterprise.Value, declarations, existing, draft, now, cancellationToken);
    }

    /// <summary>The filing path's read, compiled once (no LINQ translation per request) and untracked (ADR 0130).</summary>
    private static readonly Func<DeclarationsDbContext, AccountId, IAsyncEnumerable<Declaration>> DeclarationsOf =
        EF.CompileAsyncQuery((DeclarationsDbContext db, AccountId account) => db.Declarations.AsNoTracking().Where(d => d.AccountId == account));

    private async Task<Result<FileDeclarationResult>> FileAsync(FileDeclarationCommand command, Enterprise enterprise, List<Declaration> declarations,
        DeclarationDraft draft, DateTime now, CancellationToken ct)
    {
        var siret = enterprise.Siret;
        var declaration = Declaration.File(command.AccountId, siret, draft.Entry, draft.DeadlineUtc, draft.Lines, draft.Totals, now);
        // SEPA rulebook pre-notification: with an automatic mandate the answer, the receipt and the e-mail say what is debited when
        var notice = await sender.Send(new GetAutomaticDebitNotice(command.AccountId.Value, declaration.DueDate, declaration.TotalCents), ct);
        var debit = notice is { Automatic: true, CollectionDate: { } on, Rum: { } rum, MaskedIban: { } iban } ? new ScheduledDebit(on, notice.AmountCents, rum, iban) : null;
        var version = DeclarationVersion.Of(declaration, "filed", command.AccountId, command.SessionId, now);
        var filed = new DeclarationFiled(Guid.CreateVersion7(), now, declaration.Id, command.AccountId.Value, siret,
            declaration.Period, declaration.PeriodStart, declaration.PeriodEnd, declaration.DueDate, declaration.DeadlineUtc,
            now, declaration.FiledLate, declaration.Version, Lines(declaration), declaration.SocialContributionsCents,
            declaration.TrainingContributionCents, declaration.ChamberTaxCents, declaration.IncomeTaxCents, declaration.TotalCents, debit);
        try
        {
            // The declaration, its first version and its event: one unit, committed with the filings of the same moment
            await writer.WriteAsync(db, async (w, token) =>
            {
                w.Declarations.Add(declaration);
                w.DeclarationVersions.Add(version);
                w.AddIntegrationEvent(filed);
                return await w.SaveChangesAsync(token);
            }, ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // the unique (account, period) index refused a concurrent first filing
            return DeclarationErrors.ConcurrentFiling;
        }

        return new FileDeclarationResult(true, DeclarationResponse.From(declaration) with
        {
            Warnings = Warnings(enterprise, [.. declarations, declaration], declaration),
            AutomaticDebit = debit is null ? null : new AutomaticDebitResponse(debit.CollectionDate, Money.Euros(debit.AmountCents), debit.Rum, debit.MaskedIban),
        }, declaration.ETag);
    }

    private async Task<Result<FileDeclarationResult>> CorrectAsync(FileDeclarationCommand command, Enterprise enterprise, List<Declaration> declarations,
        Declaration read, DeclarationDraft draft, DateTime now, CancellationToken ct)
    {
        Declaration declaration;
        try
        {
            declaration = await writer.WriteAsync(db, async (w, token) =>
            {
                // Tracked by the writing context, and still the version read: its version is the concurrency token of the update
                var current = await DeclarationById(w, read.Id, token);
                if (current is null || current.Version != read.Version) throw new DbUpdateConcurrencyException("The declaration changed since it was read.");
                var previousTotal = current.TotalCents;
                current.Correct(draft.Lines, draft.Totals, now);
                w.DeclarationVersions.Add(DeclarationVersion.Of(current, "corrected", command.AccountId, command.SessionId, now)); // the earlier versions stay
                w.AddIntegrationEvent(new DeclarationCorrected(Guid.CreateVersion7(), now, current.Id, current.AccountId.Value, current.Siret,
                    current.Period, current.PeriodStart, current.PeriodEnd, current.DueDate, current.DeadlineUtc, now,
                    current.Version, Lines(current), current.SocialContributionsCents, current.TrainingContributionCents,
                    current.ChamberTaxCents, current.IncomeTaxCents, current.TotalCents, previousTotal));
                await w.SaveChangesAsync(token);
                return current;
            }, ct);
        }
        catch (DbUpdateException)
        {
            // another correction won the race: on the declaration's version, or on the unique (declaration, version) history row
            db.ChangeTracker.Clear();
            return DeclarationErrors.StaleVersion;
        }

        return new FileDeclarationResult(false, DeclarationResponse.From(declaration) with { Warnings = Warnings(enterprise, declarations, declaration) }, declaration.ETag);
    }

    private static readonly Func<DeclarationsDbContext, Guid, CancellationToken, Task<Declaration?>> DeclarationById =
        EF.CompileAsyncQuery((DeclarationsDbContext db, Guid id, CancellationToken ct) => db.Declarations.SingleOrDefault(d => d.Id == id));

    /// <summary>
    /// The turnover ceilings and VAT franchise thresholds (DOMAIN.md §5) against the cumulative turnover of the declared period's
    /// year, this declaration included (a split part counts in its own year), and the previous year's for the regime exit.
    /// Computed from the declarations read before the write, <paramref name="filed"/> as committed.
    /// </summary>
    private static List<ThresholdWarning> Warnings(Enterprise enterprise, List<Declaration> read, Declaration filed)
    {
        var declarations = read.Where(d => d.Id != filed.Id).Append(filed).ToList();
        var year = DeclarationPeriod.Parse(filed.Period).Year;
        var warnings = TurnoverThresholds.Evaluate(year, enterprise.ActivityStartDate, TurnoverIn(declarations, year), TurnoverIn(declarations, year - 1)).ToList();
        // radiation for inactivity (DOMAIN.md §3): 24 months or 8 quarters in a row declared with zero turnover
        if (Inactivity.Warning(declarations.Select(d => (d.PeriodStart, d.PeriodEnd, d.Lines.Sum(l => l.Turnover)))) is { } inactive) warnings.Add(inactive);
        return warnings;
    }

    internal static YearTurnover TurnoverIn(IEnumerable<Declaration> declarations, int year)
    {
        var total = new YearTurnover();
        foreach (var d in declarations)
            foreach (var line in d.Lines)
            {
                var lineYear = line.Part is { } part ? DeclarationPeriod.Parse(part).Year : DeclarationPeriod.Parse(d.Period).Year;
                if (lineYear == year) total += YearTurnover.Of(line.Category, line.Turnover);
            }

        return total;
    }

    private static List<DeclaredLine> Lines(Declaration d) =>
        [.. d.Lines.Select(l => new DeclaredLine(l.Category, l.Turnover, new Rate(l.RatePerHundredThousand).Percent, l.SocialContributionsCents, l.Part))];
}

internal sealed class FileDeclarationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPut($"{DeclarationsRoutes.Root}/{{period}}", async (string period, FileDeclarationRequest body, HttpRequest request,
                ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            {
                var ifMatch = request.Headers.IfMatch.Count == 0 ? null : request.Headers.IfMatch.ToString();
                var result = await sender.Send(new FileDeclarationCommand(user.GetAccountId(), period, body.Lines, ifMatch, user.FindSessionId()), ct);
                if (!result.IsSuccess) return result.Error!.ToProblem();
                IResult response = result.Value.Created
                    ? TypedResults.Created($"{DeclarationsRoutes.Root}/{result.Value.Declaration.Period}", result.Value.Declaration)
                    : TypedResults.Ok(result.Value.Declaration);
                return response.WithETag(result.Value.ETag);
            })
            .WithName("FileDeclaration")
            .WithTags(DeclarationsRoutes.Tag)
            .WithSummary("Files the turnover of an ended period (201), or corrects it until its due date (200). " +
                         "Send If-Match with the ETag read to correct safely; a zero declaration has no lines or zero turnover.")
            .RequireScope(DelegationScopes.DeclarationsWrite)
            .WithIdempotency<DeclarationsDbContext>(writesThroughModuleWriter: true)
            .Produces<DeclarationResponse>(StatusCodes.Status201Created)
            .Produces<DeclarationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}

internal sealed record FileDeclarationRequest(IReadOnlyList<TurnoverLineRequest> Lines);
