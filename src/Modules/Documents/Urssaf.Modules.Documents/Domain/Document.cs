using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Documents.Domain;

internal static class DocumentTypes
{
    public const string Attestation = "attestation_vigilance";
    public const string DeclarationReceipt = "declaration_receipt";
    public const string PaymentReceipt = "payment_receipt";
    public const string AnnualSummary = "annual_summary";

    public static readonly string[] All = [Attestation, DeclarationReceipt, PaymentReceipt, AnnualSummary];
}

internal enum DocumentStatus
{
    Issued,
    Revoked,
}

/// <summary>
/// A document's metadata; the bytes are in the document store under <see cref="StorageKey"/>. An attestation is
/// found by the hash of its verification code (the code itself is only given to the holder). A receipt or an annual
/// summary is issued as its <see cref="Data"/> only and rendered, signed and stored on its first download (ADR 0135):
/// until then <see cref="StorageKey"/>, <see cref="Sha256"/> and <see cref="SizeBytes"/> are null.
/// </summary>
internal sealed class Document
{
    public Guid Id { get; set; }
    public AccountId AccountId { get; set; }
    public string Type { get; set; } = "";
    public string Title { get; set; } = "";
    /// <summary>The declaration period, or the year of an annual summary; null for an attestation.</summary>
    public string? Period { get; set; }
    /// <summary>The amount the document states (total of a declaration, a payment), for the library and the annual summary.</summary>
    public long? AmountCents { get; set; }
    public DocumentStatus Status { get; set; }
    public DateTime IssuedOnUtc { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public bool Provisional { get; set; }
    public string? VerificationCodeHash { get; set; }
    /// <summary>What produced it (an event's source and version), unique: a redelivered event never makes a second document.</summary>
    public string SourceKey { get; set; } = "";
    public string? StorageKey { get; set; }
    public string? Sha256 { get; set; }
    public long? SizeBytes { get; set; }
    /// <summary>What the PDF states, as JSON (<see cref="Rendering.DocumentData"/>): the PDF is a pure function of it.</summary>
    public string? Data { get; set; }

    public bool Rendered => StorageKey is not null;

    public bool IsValidOn(DateOnly day) => Status == DocumentStatus.Issued && (ValidUntil is null || day <= ValidUntil);
}

/// <summary>The enterprise and its holder as the attestation and receipts print them.</summary>
internal sealed class Holder
{
    public string Siret { get; set; } = "";
    public AccountId? AccountId { get; set; }
    public string LegalName { get; set; } = "";
    public string Address { get; set; } = "";
    public string ApeCode { get; set; } = "";
    public DateOnly ActivityStartDate { get; set; }
    /// <summary>When the profile event last applied was raised: an older one delivered later is ignored.</summary>
    public DateTime ProfileUpdatedOnUtc { get; set; }
}
