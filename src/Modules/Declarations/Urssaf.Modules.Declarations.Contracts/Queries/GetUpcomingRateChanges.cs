using Mediator;
using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Declarations.Contracts.Queries;

/// <summary>A change of a category's social contribution rate in the rate data (CSS D613-4), with its legal source.</summary>
public sealed record RateChange(ActivityCategory Category, DateOnly EffectiveOn, decimal PreviousPercent, decimal NewPercent, string Source);

/// <summary>The rate changes taking effect after <paramref name="After"/> and up to <paramref name="Until"/> (both dates in Paris).</summary>
public sealed record GetUpcomingRateChanges(DateOnly After, DateOnly Until) : IQuery<IReadOnlyList<RateChange>>;
