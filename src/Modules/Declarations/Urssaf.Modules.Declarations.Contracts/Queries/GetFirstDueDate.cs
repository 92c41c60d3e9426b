using Mediator;

namespace Urssaf.Modules.Declarations.Contracts.Queries;

/// <summary>
/// The due date of an account's first declaration (CSS R613-8 and the 90-day rule), or null when the account has no
/// enterprise yet. Asked by Compliance for the provisional attestation of a new business (CSS L243-15).
/// </summary>
public sealed record GetFirstDueDate(Guid AccountId) : IQuery<DateOnly?>;
