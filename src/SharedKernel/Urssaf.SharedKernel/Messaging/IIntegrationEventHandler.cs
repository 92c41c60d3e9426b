namespace Urssaf.SharedKernel.Messaging;

/// <summary>
/// Handles an integration event inside the subscribing module. It runs in the module's own DI scope and its
/// changes commit in the same <c>SaveChanges</c> as the inbox mark, so its effect happens once per module.
/// Handlers must not call <c>SaveChanges</c> themselves.
/// </summary>
public interface IIntegrationEventHandler<in TEvent> where TEvent : IIntegrationEvent
{
    Task Handle(TEvent integrationEvent, CancellationToken cancellationToken);
}
