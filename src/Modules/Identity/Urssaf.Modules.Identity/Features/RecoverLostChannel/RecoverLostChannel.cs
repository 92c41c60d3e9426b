using System.Globalization;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.RecoverLostChannel;

internal sealed record StartChannelRecoveryCommand(string Login, string Nir, DateOnly BirthDate, string SecretAnswer, LostChannel Lost, string? NewEmail,
    string? NewPhone, string? IpAddress = null) : ICommand<Result<ChannelRecoveryStarted>>;

internal sealed record ChannelRecoveryStarted(Guid RequestId);

internal sealed record ProveChannelCommand(Guid RequestId, string Code) : ICommand<Result<ChannelRecoveryProgress>>;

internal sealed record ChannelRecoveryProgress(Guid RequestId, ChannelRecoveryStatus Status);

internal sealed record ListChannelRecoveriesQuery(ChannelRecoveryStatus Status, int Page, int PageSize) : IQuery<Result<Paged<ChannelRecoveryItem>>>;

/// <summary>A request in the queue, with what should make an adviser cautious: contact changes of the last 30 days.</summary>
internal sealed record ChannelRecoveryItem(Guid RequestId, Guid AccountId, string Siret, string HolderName, LostChannel Lost, string NewValue,
    ChannelRecoveryStatus Status, DateTime SubmittedAt, DateTime? ProvedAt, DateTime? DecidedAt, string? DecisionNote, int RecentContactChanges);

internal enum ChannelRecoveryDecision
{
    Approve,
    Refuse,
}

internal sealed record DecideChannelRecoveryCommand(Guid RequestId, ChannelRecoveryDecision Decision, string? Note) : ICommand<Result<ChannelRecoveryProgress>>;

internal sealed class StartChannelRecoveryValidator : AbstractValidator<StartChannelRecoveryCommand>
{
    public StartChannelRecoveryValidator()
    {
        RuleFor(c => c.Login).NotEmpty().MaximumLength(254).WithErrorCode("identity.login.invalid");
        RuleFor(c => c.Nir).Must(Identifiers.IsValidNir).WithErrorCode("identity.nir.invalid");
        RuleFor(c => c.SecretAnswer).NotEmpty().MaximumLength(200).WithErrorCode("identity.secret_answer.invalid");
        RuleFor(c => c.Lost).IsInEnum().WithErrorCode("identity.channel_recovery.lost_invalid");
        When(c => c.Lost == LostChannel.Email, () => RuleFor(c => c.NewEmail).NotEmpty().MaximumLength(254).EmailAddress()
            .WithErrorCode("identity.email.invalid"));
        When(c => c.Lost == LostChannel.Phone, () => RuleFor(c => c.NewPhone).Must(p => ContactPoints.NormalizeMobile(p) is not null)
            .WithErrorCode("identity.phone.invalid"));
    }
}

internal sealed class ProveChannelValidator : AbstractValidator<ProveChannelCommand>
{
    public ProveChannelValidator() => RuleFor(c => c.Code).Matches("^[0-9]{6}$").WithErrorCode("identity.channel_recovery.code_format");
}

internal sealed class ListChannelRecoveriesValidator : AbstractValidator<ListChannelRecoveriesQuery>
{
    public ListChannelRecoveriesValidator()
    {
        RuleFor(q => q.Status).IsInEnum().WithErrorCode("identity.channel_recovery.status_invalid");
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}

internal sealed class DecideChannelRecoveryValidator : AbstractValidator<DecideChannelRecoveryCommand>
{
    public DecideChannelRecoveryValidator()
    {
        RuleFor(c => c.Decision).IsInEnum().WithErrorCode("identity.channel_recovery.decision_invalid");
        RuleFor(c => c.Note).MaximumLength(500).WithErrorCode("identity.channel_recovery.note_invalid");
    }
}

internal static class ChannelRecoveryErrors
{
    public static readonly Error CodeInvalid = Error.Rule("identity.channel_recovery.code_invalid", "This code is invalid, expired or already used.");
    public static readonly Error NotFound = Error.NotFound("identity.channel_recovery.not_found", "No request has this id.");
    public static readonly Error NotUnderReview = Error.Conflict("identity.channel_recovery.not_under_review",
        "Only a request whose remaining channel was proved, and not decided yet, can be decided.");
}

/// <summary>
/// A person proves who they are: NIR, birth date (from the formalities feed), secret answer. Proved or not, the answer
/// and the work are the same (one answer hash, one code hash, one commit), and failed proofs count like failed
/// passwords; only a proof sends a code to the channel kept.
/// </summary>
internal sealed class StartChannelRecoveryHandler(IdentityDbContext db, PasswordHashing passwords, NirProtector nirs, PasswordAttempts attempts,
    TimeProvider clock) : ICommandHandler<StartChannelRecoveryCommand, Result<ChannelRecoveryStarted>>
{
    public async ValueTask<Result<ChannelRecoveryStarted>> Handle(StartChannelRecoveryCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await db.FindByLoginAsync(nirs, command.Login, cancellationToken);
        var subjects = PasswordAttempts.Subjects(account is null ? $"proof:{nirs.Lookup(command.Login.Trim().ToLowerInvariant())}" : $"proof:{account.Id}",
            command.IpAddress);
        if (await attempts.ReserveAsync(subjects, now, cancellationToken) is { } until) return IdentityErrors.Throttled(until);

        var formality = account is null ? null : await db.Formalities.AsNoTracking().SingleOrDefaultAsync(f => f.Siret == account.Siret, cancellationToken);
        var answered = account is null
            ? Dummy(command.SecretAnswer)
            : passwords.Verify(account.SecretAnswerHash, PasswordHashing.NormalizeAnswer(command.SecretAnswer)) != PasswordVerificationResult.Failed;
        var proved = answered && account is { Status: AccountStatus.Active } && nirs.Lookup(command.Nir) == account.NirLookup
                     && formality?.Entrepreneur?.BirthDate == command.BirthDate;
        var code = Secrets.NewSixDigitCode();
        var newValue = command.Lost == LostChannel.Email ? ContactPoints.NormalizeEmail(command.NewEmail!) : ContactPoints.NormalizeMobile(command.NewPhone)!;
        var request = ChannelRecovery.Submit(account?.Id ?? default, command.Lost, newValue, passwords.HashCode(code), now);
        db.ConnectionJournal.Add(new ConnectionEntry
        {
            Id = Guid.CreateVersion7(), AccountId = account?.Id, AtUtc = now, Method = "channel_recovery", Result = proved ? "proved" : "failure",
            IpAddress = command.IpAddress,
        });
        if (proved)
        {
            db.ChannelRecoveries.Add(request); // a proof is not a success that resets the count: it would tell a right answer from a wrong one
            // the code goes to the channel kept
            var (channel, recipient) = command.Lost == LostChannel.Email ? ("sms", account!.MobilePhone) : ("email", account!.Email);
            db.AddIntegrationEvent(new VerificationCodeRequested(Guid.CreateVersion7(), now, account.Id.Value, VerificationPurposes.ChannelRecovery, channel,
                recipient, account.FirstName, code, request.CodeExpiresOnUtc));
        }
        else if (attempts.Failed() && account is not null)
            db.AddIntegrationEvent(new AccountLocked(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email, now + LoginThrottle.LockDuration));

        await db.SaveChangesAsync(cancellationToken);
        return new ChannelRecoveryStarted(request.Id);
    }

    private bool Dummy(string answer)
    {
        passwords.VerifyAgainstDummy(answer);
        return false;
    }
}

internal sealed class ProveChannelHandler(IdentityDbContext db, PasswordHashing passwords, TimeProvider clock)
    : ICommandHandler<ProveChannelCommand, Result<ChannelRecoveryProgress>>
{
    public async ValueTask<Result<ChannelRecoveryProgress>> Handle(ProveChannelCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var request = await db.ChannelRecoveries.AsNoTracking().SingleOrDefaultAsync(r => r.Id == command.RequestId, cancellationToken);
        if (request is null || !request.IsAwaitingCode(now)) return ChannelRecoveryErrors.CodeInvalid;
        var id = request.Id;
        var reserved = await db.ChannelRecoveries
            .Where(r => r.Id == id && r.CodeTries < ChannelRecovery.MaxCodeTries && r.Status == ChannelRecoveryStatus.AwaitingCode)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.CodeTries, r => r.CodeTries + 1), cancellationToken);
        if (reserved == 0 || !passwords.VerifyCode(command.Code, request.CodeHash)) return ChannelRecoveryErrors.CodeInvalid;

        request = await db.ChannelRecoveries.SingleAsync(r => r.Id == id, cancellationToken);
        if (!request.IsAwaitingCode(now)) return ChannelRecoveryErrors.CodeInvalid; // a parallel confirmation moved it on
        request.Prove(now);
        // the channel said to be lost hears of it too: if it was not lost, its owner can object before the review
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == request.AccountId, cancellationToken);
        db.AddIntegrationEvent(new ChannelRecoveryUnderReview(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName,
            request.Lost == LostChannel.Email ? account.Email : null, request.Lost == LostChannel.Phone ? account.MobilePhone : null));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ChannelRecoveryErrors.CodeInvalid;
        }

        return new ChannelRecoveryProgress(request.Id, request.Status);
    }
}

internal sealed class ListChannelRecoveriesHandler(IdentityDbContext db, TimeProvider clock) : IQueryHandler<ListChannelRecoveriesQuery, Result<Paged<ChannelRecoveryItem>>>
{
    public async ValueTask<Result<Paged<ChannelRecoveryItem>>> Handle(ListChannelRecoveriesQuery query, CancellationToken cancellationToken)
    {
        var requests = db.ChannelRecoveries.AsNoTracking().Where(r => r.Status == query.Status);
        var total = await requests.CountAsync(cancellationToken);
        var page = await requests.OrderBy(r => r.ProvedOnUtc ?? r.SubmittedOnUtc).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Join(db.Accounts.AsNoTracking(), r => r.AccountId, a => a.Id, (r, a) => new { r, a.Siret, a.FirstName, a.LastName })
            .ToListAsync(cancellationToken);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-30);
        var accounts = page.Select(x => x.r.AccountId).Distinct().ToList();
        var changes = (await db.ContactChanges.AsNoTracking().Where(c => accounts.Contains(c.AccountId) && c.AppliedOnUtc > since)
            .Select(c => c.AccountId).ToListAsync(cancellationToken)).CountBy(a => a).ToDictionary();
        return new Paged<ChannelRecoveryItem>(page.Select(x => new ChannelRecoveryItem(x.r.Id, x.r.AccountId.Value, x.Siret, $"{x.FirstName} {x.LastName}",
            x.r.Lost, x.r.NewValue, x.r.Status, x.r.SubmittedOnUtc, x.r.ProvedOnUtc, x.r.DecidedOnUtc, x.r.DecisionNote,
            changes.GetValueOrDefault(x.r.AccountId))).ToList(), total);
    }
}

/// <summary>An adviser's decision: an approval replaces the lost channel and ends every session; either way the person is told.</summary>
internal sealed class DecideChannelRecoveryHandler(IdentityDbContext db, TimeProvider clock)
    : ICommandHandler<DecideChannelRecoveryCommand, Result<ChannelRecoveryProgress>>
{
    public async ValueTask<Result<ChannelRecoveryProgress>> Handle(DecideChannelRecoveryCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var request = await db.ChannelRecoveries.SingleOrDefaultAsync(r => r.Id == command.RequestId, cancellationToken);
        if (request is null) return ChannelRecoveryErrors.NotFound;
        if (request.Status != ChannelRecoveryStatus.UnderReview) return ChannelRecoveryErrors.NotUnderReview;
        var account = await db.Accounts.SingleAsync(a => a.Id == request.AccountId, cancellationToken);
        var approve = command.Decision == ChannelRecoveryDecision.Approve;
        request.Decide(approve, command.Note?.Trim(), now);
        if (approve)
        {
            var kind = request.Lost == LostChannel.Email ? ContactKind.Email : ContactKind.Phone;
            account.ChangeContact(kind, request.NewValue, null);
            foreach (var session in await db.Sessions.Where(s => s.AccountId == account.Id && s.RevokedOnUtc == null).ToListAsync(cancellationToken))
                session.Revoke("channel_replaced", now);
            // told on both the new channel and the one kept
            db.AddIntegrationEvent(new ContactDetailsChanged(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email, account.MobilePhone,
                kind == ContactKind.Email ? "email" : "phone", "restored_after_review", account.Email, account.MobilePhone, null, null));
        }
        else
        {
            db.AddIntegrationEvent(new ChannelRecoveryRefused(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName,
                request.Lost == LostChannel.Email ? null : account.Email, request.Lost == LostChannel.Phone ? null : account.MobilePhone));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ChannelRecoveryErrors.NotUnderReview;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Error.Conflict("identity.email.taken", "Another account uses this e-mail address: refuse the request or ask for another one.");
        }

        return new ChannelRecoveryProgress(request.Id, request.Status);
    }
}

internal sealed class RecoverLostChannelEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var open = app.MapGroup($"{IdentityRoutes.Root}/channel-recoveries").WithTags(IdentityRoutes.Tag).AllowAnonymous();
        open.MapPost("", async (ChannelRecoveryRequest body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new StartChannelRecoveryCommand(body.Login, body.Nir, body.BirthDate, body.SecretAnswer, body.Lost,
                    body.NewEmail, body.NewPhone, http.Connection.RemoteIpAddress?.ToString()), ct);
                return result.IsSuccess ? TypedResults.Accepted((string?)null, result.Value) : result.Error!.ToProblem();
            })
            .WithName("StartChannelRecovery")
            .WithSummary("Lost your e-mail address or your mobile? Prove who you are (login, NIR, birth date, secret answer) and give the new one; " +
                         "a code then goes to the channel you kept, and an adviser reviews the request. The same answer whether the proof holds or not.")
            .RequireRateLimiting(RateLimitPolicies.MessageSending)
            .Produces<ChannelRecoveryStarted>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
        open.MapPost("/{requestId:guid}/confirmation", async (Guid requestId, ChannelRecoveryCodeRequest body, ISender sender, CancellationToken ct) =>
                (await sender.Send(new ProveChannelCommand(requestId, body.Code), ct)).ToOk())
            .WithName("ProveKeptChannel")
            .WithSummary("Proves the channel kept with its code: the request goes to an adviser's review queue.")
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<ChannelRecoveryProgress>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var desk = app.MapGroup("/api/v1/operator/channel-recoveries").WithTags(IdentityRoutes.OperatorTag).RequireAuthorization(Policies.Operator);
        desk.MapGet("", async (HttpContext http, ISender sender, CancellationToken ct, ChannelRecoveryStatus status = ChannelRecoveryStatus.UnderReview,
                int page = 1, int pageSize = 50) =>
            {
                var result = await sender.Send(new ListChannelRecoveriesQuery(status, page, pageSize), ct);
                if (!result.IsSuccess) return result.Error!.ToProblem();
                http.Response.Headers["X-Total-Count"] = result.Value.Total.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Ok(result.Value.Items);
            })
            .WithName("ListChannelRecoveries")
            .WithSummary("The review queue of lost-channel requests, oldest proof first (status under_review by default).")
            .Produces<IReadOnlyList<ChannelRecoveryItem>>().ProducesValidationProblem();
        desk.MapPost("/{requestId:guid}/decision", async (Guid requestId, ChannelRecoveryDecisionRequest body, ISender sender, CancellationToken ct) =>
                (await sender.Send(new DecideChannelRecoveryCommand(requestId, body.Decision, body.Note), ct)).ToOk())
            .WithName("DecideChannelRecovery")
            .WithSummary("Approves (the lost channel is replaced, every session ends) or refuses a lost-channel request; the person is told.")
            .Produces<ChannelRecoveryProgress>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}

internal sealed record ChannelRecoveryRequest(string Login, string Nir, DateOnly BirthDate, string SecretAnswer, LostChannel Lost, string? NewEmail = null,
    string? NewPhone = null);

internal sealed record ChannelRecoveryCodeRequest(string Code);

internal sealed record ChannelRecoveryDecisionRequest(ChannelRecoveryDecision Decision, string? Note = null);

internal sealed record Paged<T>(IReadOnlyList<T> Items, int Total);
