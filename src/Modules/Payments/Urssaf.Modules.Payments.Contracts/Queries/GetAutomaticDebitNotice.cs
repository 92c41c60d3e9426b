using Mediator;

namespace Urssaf.Modules.Payments.Contracts.Queries;

/// <summary>
/// Would a declaration of <paramref name="AmountCents"/> due on <paramref name="DueDate"/> be debited automatically, and when?
/// Asked by Declarations when a declaration is filed, so that the filing answer, its receipt and its e-mail carry the SEPA
/// pre-notification (amount, date, mandate). The only synchronous question another module asks Payments.
/// </summary>
public sealed record GetAutomaticDebitNotice(Guid AccountId, DateOnly DueDate, long AmountCents) : IQuery<AutomaticDebitNotice>;

/// <param name="Automatic">The account has an automatic mandate; the other fields are null otherwise.</param>
/// <param name="CollectionDate">The date the debit will be collected: the due date, or the next possible collection date.</param>
/// <param name="Rum">The mandate reference (RUM), which the debtor's bank shows.</param>
/// <param name="MaskedIban">The debited account, masked.</param>
public sealed record AutomaticDebitNotice(bool Automatic, DateOnly? CollectionDate, long AmountCents, Guid? MandateId, string? Rum, string? MaskedIban)
{
    public static readonly AutomaticDebitNotice None = new(false, null, 0, null, null, null);
}
