using Mediator;

namespace Urssaf.Modules.Compliance.Contracts.Queries;

/// <summary>
/// May this account receive an attestation de vigilance now (CSS L243-15)? Answered from Compliance's own
/// projection; the only synchronous question another module asks Compliance.
/// </summary>
public sealed record GetAttestationEligibility(Guid AccountId) : IQuery<AttestationEligibility>;

/// <param name="Eligible">Declarations filed and contributions paid (or covered by a payment in progress).</param>
/// <param name="Provisional">A new business before its first due date: a provisional attestation valid until <paramref name="ValidUntil"/>.</param>
/// <param name="ValidUntil">For a provisional attestation, its first due date; otherwise null (the standard 6 months apply).</param>
/// <param name="Reasons">Why not, as stable codes with a French text.</param>
public sealed record AttestationEligibility(bool Eligible, bool Provisional, DateOnly? ValidUntil, IReadOnlyList<EligibilityReason> Reasons);

public sealed record EligibilityReason(string Code, string Text);
