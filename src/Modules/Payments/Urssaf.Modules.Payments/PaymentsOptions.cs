namespace Urssaf.Modules.Payments;

/// <summary><c>Payments:*</c> configuration.</summary>
internal sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>AES-256 key (base64, 32 bytes) encrypting IBANs at rest; required in Production, generated into the data directory elsewhere.</summary>
    public string? IbanKey { get; set; }

    public CreditorOptions Creditor { get; set; } = new();

    /// <summary>
    /// Days a pain.008 file is kept after its collection date, then purged (ADR 0041): 400 covers the 13 months in which a
    /// debtor may contest an unauthorised SEPA Core debit. The collections themselves (EndToEndId, amount, mandate) stay.
    /// </summary>
    public int SepaFileRetentionDays { get; set; } = 400;

    public CardOptions Card { get; set; } = new();

    public PlanOptions Plans { get; set; } = new();
}

/// <summary><c>Payments:Plans:*</c>: payment plans (CSS R243-21), defaults in ADR 0092.</summary>
internal sealed class PlanOptions
{
    /// <summary>Most monthly instalments a plan may have (DOMAIN.md §9: up to 12 months).</summary>
    public int MaxInstalments { get; set; } = 12;

    /// <summary>A plan up to this total (euros) and <see cref="AutoApproveMaxInstalments"/> is approved at once; others go to review.</summary>
    public decimal AutoApproveMaxAmount { get; set; } = 5000m;

    public int AutoApproveMaxInstalments { get; set; } = 6;

    /// <summary>Days from the request to the first instalment: the schedule is the SEPA pre-notification (at least 14 days).</summary>
    public int FirstInstalmentAfterDays { get; set; } = 15;

    /// <summary>Days after a returned instalment before its second presentation (the reminder gives the date).</summary>
    public int RepresentationAfterDays { get; set; } = 10;

    /// <summary>Months during which a defaulted plan makes a new one ineligible.</summary>
    public int DefaultLookbackMonths { get; set; } = 12;
}

/// <summary><c>Payments:Card:*</c>: card payment through a payment service provider (ADR 0090).</summary>
internal sealed class CardOptions
{
    /// <summary>Highest card payment in euros (ADR 0090); above it 422 <c>payments.card.above_threshold</c>.</summary>
    public decimal MaxAmount { get; set; } = 1500m;

    /// <summary>Minutes after which a card payment without notification expires and frees what it reserved.</summary>
    public int ExpiryMinutes { get; set; } = 30;

    /// <summary>The adapter: <c>stand-in</c> (Development and Testing only) or a real provider's name.</summary>
    public string Provider { get; set; } = "stand-in";

    /// <summary>Shared secret of the notification signature; required outside Development and Testing, generated into the data directory there.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The host's own address as the stand-in provider reaches it (its page links and its notifications); the host's first URL by default.</summary>
    public string? StandInHostUrl { get; set; }
}

/// <summary>The collecting body as it appears in pain.008 files and transfer instructions.</summary>
internal sealed class CreditorOptions
{
    public string Name { get; set; } = "URSSAF";
    /// <summary>SEPA creditor identifier (ICS), checked at start. The default is illustrative (DOMAIN.md §7) and refused in Production.</summary>
    public string Identifier { get; set; } = "FR72ZZZ123456";
    public string Iban { get; set; } = "FR7630006000011234567890189";
    public string Bic { get; set; } = "AGRIFRPP";
    /// <summary>Whether debtors are consumers (CORE) or businesses (B2B); micro-entrepreneurs are natural persons: CORE.</summary>
    public string LocalInstrument { get; set; } = "CORE";
}
