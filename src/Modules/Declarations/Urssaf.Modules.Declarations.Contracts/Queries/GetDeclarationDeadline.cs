using Mediator;

namespace Urssaf.Modules.Declarations.Contracts.Queries;

/// <summary>
/// The deadline (UTC) of an account's filed declaration for a period, or null when none is filed. Asked by Notifications
/// before it takes a late-correction request (only a period past its deadline needs an adviser).
/// </summary>
public sealed record GetDeclarationDeadline(Guid AccountId, string Period) : IQuery<DateTime?>;
