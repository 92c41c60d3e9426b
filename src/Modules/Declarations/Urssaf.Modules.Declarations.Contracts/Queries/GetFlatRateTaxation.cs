using Mediator;

namespace Urssaf.Modules.Declarations.Contracts.Queries;

/// <summary>
/// The year-end flat-rate taxation of one declaration still missing at the last due date of its year (CSS R613-10), when
/// <paramref name="MissingInYear"/> declarations of that year are missing: the turnover it is computed on (whole euros) and the
/// contributions (cents). Null when the account has no enterprise, the period is not one of its periods, or no threshold is known
/// for the year. Asked by Compliance, which assesses and notifies it.
/// </summary>
public sealed record GetFlatRateTaxation(Guid AccountId, string Period, int MissingInYear) : IQuery<FlatRateTaxationAmount?>;

public sealed record FlatRateTaxationAmount(long TurnoverEuros, long ContributionsCents);
