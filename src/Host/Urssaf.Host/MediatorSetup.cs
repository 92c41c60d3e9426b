using Mediator;
using Urssaf.SharedKernel.Infrastructure.Mediation;

namespace Urssaf.Api;

/// <summary>
/// The source generator reads this lambda at compile time. No assembly list is given: the generator then
/// scans every assembly the host references, so a module listed in <see cref="ModuleCatalog"/> can never be
/// forgotten here, and a Contracts assembly without messages yet does not break the build (ADR 0003).
/// </summary>
internal static class MediatorSetup
{
    public static IServiceCollection AddUrssafMediator(this IServiceCollection services) =>
        services.AddMediator((MediatorOptions options) =>
        {
            options.Namespace = "Urssaf.Api.Mediation";
            options.ServiceLifetime = ServiceLifetime.Scoped; // handlers take scoped DbContexts
            options.GenerateTypesAsInternal = true;           // internal messages and handlers
            options.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>)];
        });
}
