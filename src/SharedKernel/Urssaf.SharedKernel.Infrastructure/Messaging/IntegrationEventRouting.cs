using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>A module subscribes to an event type by having a handler for it.</summary>
public sealed record IntegrationEventSubscription(string Module, Type EventType, Type HandlerType);

/// <summary>Event type key → the modules whose inbox receives it.</summary>
public sealed class IntegrationEventRouting(IEnumerable<IntegrationEventSubscription> subscriptions)
{
    private readonly Dictionary<string, string[]> _subscribers = subscriptions
        .GroupBy(s => IntegrationEventTypeRegistry.KeyOf(s.EventType))
        .ToDictionary(g => g.Key, g => g.Select(s => s.Module).Distinct().ToArray());

    public IReadOnlyList<IntegrationEventSubscription> Subscriptions { get; } = subscriptions.ToList();

    private readonly Dictionary<(string Module, Type Event), HashSet<Type>> _handlers = subscriptions
        .GroupBy(s => (s.Module, s.EventType))
        .ToDictionary(g => g.Key, g => g.Select(s => s.HandlerType).ToHashSet());

    public IReadOnlyList<string> SubscribersOf(string typeKey) => _subscribers.GetValueOrDefault(typeKey) ?? [];

    private readonly Dictionary<(string Module, Type Event), Type[]> _ordered = subscriptions
        .GroupBy(s => (s.Module, s.EventType))
        .ToDictionary(g => g.Key, g => g.Select(s => s.HandlerType).Distinct().ToArray());

    /// <summary>The handler classes a module has for an event type, in registration order (a module's inbox builds only these).</summary>
    public IReadOnlyList<Type> HandlersOf(string module, Type eventType) => _ordered.GetValueOrDefault((module, eventType)) ?? [];

    /// <summary>The handler classes a module has for an event type (a module's inbox runs only these).</summary>
    public IReadOnlySet<Type> HandlerTypesOf(string module, Type eventType) => _handlers.GetValueOrDefault((module, eventType)) ?? [];
}

public static class IntegrationEventHandlerRegistration
{
    /// <summary>
    /// Registers every <see cref="IIntegrationEventHandler{TEvent}"/> of a module assembly (internal ones
    /// included) as scoped, and records the module's subscriptions for the routing.
    /// </summary>
    public static IServiceCollection AddIntegrationEventHandlers(this IServiceCollection services, Assembly assembly, string module)
    {
        services.Scan(scan => scan.FromAssemblies(assembly)
            .AddClasses(c => c.AssignableTo(typeof(IIntegrationEventHandler<>)), publicOnly: false)
            .AsImplementedInterfaces(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IIntegrationEventHandler<>))
            .WithScopedLifetime());

        var subscriptions = assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false })
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IIntegrationEventHandler<>))
                .Select(i => new IntegrationEventSubscription(module, i.GetGenericArguments()[0], t)));
        foreach (var subscription in subscriptions)
        {
            services.AddSingleton(subscription);
            services.TryAddScoped(subscription.HandlerType); // by its own type too: an inbox builds only its module's handlers
        }

        return services;
    }
}
