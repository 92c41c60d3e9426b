using FluentValidation.Results;

namespace Urssaf.SharedKernel.Infrastructure.Mediation;

/// <summary>Invalid input found by the validation pipeline; rendered as a 400 with one entry per field.</summary>
public sealed class RequestValidationException(IReadOnlyList<ValidationFailure> failures)
    : Exception("The request is not valid: " + string.Join(", ", failures.Select(f => f.PropertyName).Distinct()))
{
    public IReadOnlyList<ValidationFailure> Failures { get; } = failures;
}
