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
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
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

internal sealed class FileDeclarationHandler(DeclarationsDbContext db, DeclarationCalendar calendar, RateTable rates, TimeProvider clock)
    : ICommandHandler<FileDeclarationCommand, Result<FileDeclarationResult>>
{
    public async ValueTask<Result<FileDeclarationResult>> Handle(FileDeclarationCommand command, CancellationToken cancellationToken)
    {
        var enterprise = await db.EnterpriseOf(command.AccountId, cancellationToken);
        if (!enterprise.IsSuccess) return enterprise.Error!;
        var now = clock.GetUtcNow().UtcDateTime;
        var period = DeclarationPeriod.Parse(command.Period);
        var existing = await db.Declarations.SingleOrDefaultAsync(d => d.AccountId == command.AccountId && d.Period == command.Period, cancellationToken);
        if (existing is not null && command.IfMatch is { } ifMatch && ifMatch != "*" && ifMatch != existing.ETag)
            return DeclarationErrors.StaleVersion;

        var earlier = await DeclarationDraft.AcreCandidates(db.Declarations.AsNoTracking(), command.AccountId, enterprise.Value, period).ToListAsync(cancellationToken);
        var prepared = DeclarationDraft.Prepare(enterprise.Value, period, [.. command.Lines.Select(l => l.ToLine())], calendar, rates,
            existing is not null, now, DeclarationDraft.AcreBefore(enterprise.Value, period, earlier, rates));
        if (!prepared.IsSuccess) return prepared.Error!;
        var draft = prepared.Value;
        if (calendar.Today(now) <= period.End) return DeclarationErrors.NotEnded(command.Period);

        if (existing is null) return await FileAsync(command, enterprise.Value.Siret, draft, now, cancellationToken);
        if (existing.Declares(draft.Lines)) return new FileDeclarationResult(false, DeclarationResponse.From(existing), existing.ETag);
        if (now > existing.DeadlineUtc) return DeclarationErrors.Closed(command.Period);
        return await CorrectAsync(command, existing, draft, now, cancellationToken);
    }

    private async Task<Result<FileDeclarationResult>> FileAsync(FileDeclarationCommand command, string siret, DeclarationDraft draft, DateTime now, CancellationToken ct)
    {
        var declaration = Declaration.File(command.AccountId, siret, draft.Entry, draft.DeadlineUtc, draft.Lines, draft.Totals, now);
        db.Declarations.Add(declaration);
        db.DeclarationVersions.Add(DeclarationVersion.Of(declaration, "filed", command.AccountId, command.SessionId, now));
        db.AddIntegrationEvent(new DeclarationFiled(Guid.CreateVersion7(), now, declaration.Id, command.AccountId.Value, siret,
            declaration.Period, declaration.PeriodStart, declaration.PeriodEnd, declaration.DueDate, declaration.DeadlineUtc,
            now, declaration.FiledLate, declaration.Version, Lines(declaration), declaration.SocialContributionsCents,
            declaration.TrainingContributionCents, declaration.ChamberTaxCents, declaration.IncomeTaxCents, declaration.TotalCents));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // the unique (account, period) index refused a concurrent first filing
            return DeclarationErrors.ConcurrentFiling;
        }

        return new FileDeclarationResult(true, DeclarationResponse.From(declaration) with { Warnings = await WarningsAsync(declaration, ct) }, declaration.ETag);
    }

    private async Task<Result<FileDeclarationResult>> CorrectAsync(FileDeclarationCommand command, Declaration declaration, DeclarationDraft draft, DateTime now,
        CancellationToken ct)
    {
        var previousTotal = declaration.TotalCents;
        declaration.Correct(draft.Lines, draft.Totals, now);
        db.DeclarationVersions.Add(DeclarationVersion.Of(declaration, "corrected", command.AccountId, command.SessionId, now)); // the earlier versions stay
        db.AddIntegrationEvent(new DeclarationCorrected(Guid.CreateVersion7(), now, declaration.Id, declaration.AccountId.Value, declaration.Siret,
            declaration.Period, declaration.PeriodStart, declaration.PeriodEnd, declaration.DueDate, declaration.DeadlineUtc, now,
            declaration.Version, Lines(declaration), declaration.SocialContributionsCents, declaration.TrainingContributionCents,
            declaration.ChamberTaxCents, declaration.IncomeTaxCents, declaration.TotalCents, previousTotal));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // another correction won the race: on the declaration's version, or on the unique (declaration, version) history row
            db.ChangeTracker.Clear();
            return DeclarationErrors.StaleVersion;
        }

        return new FileDeclarationResult(false, DeclarationResponse.From(declaration) with { Warnings = await WarningsAsync(declaration, ct) }, declaration.ETag);
    }

    /// <summary>
    /// The turnover ceilings and VAT franchise thresholds (DOMAIN.md §5) against the cumulative turnover of the declared period's
    /// year, this declaration included (a split part counts in its own year), and the previous year's for the regime exit.
    /// </summary>
    private async Task<IReadOnlyList<ThresholdWarning>> WarningsAsync(Declaration filed, CancellationToken ct)
    {
        var year = DeclarationPeriod.Parse(filed.Period).Year;
        var enterprise = await db.Enterprises.AsNoTracking().SingleAsync(e => e.AccountId == filed.AccountId, ct);
        var declarations = await db.Declarations.AsNoTracking().Where(d => d.AccountId == filed.AccountId).ToListAsync(ct);
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
            .WithIdempotency<DeclarationsDbContext>()
            .Produces<DeclarationResponse>(StatusCodes.Status201Created)
            .Produces<DeclarationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}

internal sealed record FileDeclarationRequest(IReadOnlyList<TurnoverLineRequest> Lines);
