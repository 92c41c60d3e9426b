namespace Urssaf.Modules.Payments.Domain;

/// <summary>
/// A provider notification already handled, by its event id: the same event delivered again has no second effect.
/// <see cref="Outcome"/> says what it did (<c>paid</c>, <c>failed</c>, <c>ignored</c>).
/// </summary>
internal sealed class CardNotification
{
    private CardNotification() { }

    public CardNotification(string eventId, Guid paymentId, string type, long amountCents, string outcome, DateTime now) =>
        (EventId, PaymentId, Type, AmountCents, Outcome, ReceivedOnUtc) = (eventId, paymentId, type, amountCents, outcome, now);

    public string EventId { get; private set; } = "";
    public Guid PaymentId { get; private set; }
    public string Type { get; private set; } = "";
    public long AmountCents { get; private set; }
    public string Outcome { get; private set; } = "";
    public DateTime ReceivedOnUtc { get; private set; }
}
