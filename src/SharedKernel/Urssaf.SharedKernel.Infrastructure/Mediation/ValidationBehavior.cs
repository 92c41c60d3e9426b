using FluentValidation;
using Mediator;

namespace Urssaf.SharedKernel.Infrastructure.Mediation;

/// <summary>Runs every validator of the message before its handler; input shape only, never a database call.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        List<FluentValidation.Results.ValidationFailure>? failures = null;
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            if (!result.IsValid) (failures ??= []).AddRange(result.Errors);
        }

        if (failures is { Count: > 0 }) throw new RequestValidationException(failures);
        return await next(message, cancellationToken);
    }
}
