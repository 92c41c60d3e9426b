// Deliberate violations: the architecture tests load this assembly in place of a module, a Contracts assembly,
// the kernel or the host, and prove that each rule then fails. Nothing here runs.
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Rogue
{
    /// <summary>R4: a public type in a module assembly other than its Module class.</summary>
    public sealed class LeakedPublicType;

    /// <summary>R1, R5, R6, R12: reaches into another module's internals (its DbContext).</summary>
    internal sealed class ReachesIntoDeclarations
    {
        private DeclarationsDbContext? _declarations;
    }

    /// <summary>R2: uses a command that lives in (another module's) Contracts.</summary>
    internal sealed class SendsAnotherModulesCommand
    {
        private Contracts.CrossModuleCommand? _command;
    }

    /// <summary>R7: a handler that is neither sealed, nor named *Handler, nor in a Features.&lt;Slice&gt; namespace.</summary>
    internal class DoesTheThing : ICommandHandler<Contracts.CrossModuleCommand, int>
    {
        public ValueTask<int> Handle(Contracts.CrossModuleCommand command, CancellationToken cancellationToken) => ValueTask.FromResult(0);
    }

    /// <summary>R8: a validator and an endpoint with the wrong names.</summary>
    internal sealed class RogueRules : AbstractValidator<Contracts.CrossModuleCommand>;

    internal sealed class RogueRoutes : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) { }
    }

    /// <summary>R10: a command with a settable property.</summary>
    internal sealed class MutableCommand : ICommand<int>
    {
        public int Amount { get; set; }
    }
}

namespace Urssaf.Modules.Rogue.Contracts
{
    public sealed record CrossModuleCommand(int Amount) : ICommand<int>;

    /// <summary>R3: a Contracts type depending on EF Core.</summary>
    public sealed class ContractUsingEf
    {
        public DbContext? Database { get; init; }
    }

    /// <summary>R3 (allow-list): a Contracts type depending on a package no deny-list names.</summary>
    public sealed class ContractUsingLogging
    {
        public Microsoft.Extensions.Logging.ILogger? Logger { get; init; }
    }

    /// <summary>R9: an integration event that is not sealed and has public setters.</summary>
    public record MutableEvent : IIntegrationEvent
    {
        public Guid EventId { get; set; }
        public DateTime OccurredOnUtc { get; set; }
    }
}

namespace Urssaf.Modules.Rogue.Features.Shared
{
    internal sealed record SharedView(int Amount);
}

namespace Urssaf.Modules.Rogue.Features.ListThings
{
    internal sealed record ListThingsRequest(int Page);
}

namespace Urssaf.Modules.Rogue.Features.FileThing
{
    /// <summary>R13: a slice using another slice's type.</summary>
    internal sealed class BorrowsFromAnotherSlice
    {
        private ListThings.ListThingsRequest? _request;
    }

    /// <summary>Allowed by R13: shared code and the slice's own types.</summary>
    internal sealed class UsesSharedCode
    {
        private Shared.SharedView? _view;
    }

    internal sealed record FileThingRequest(int Amount);

    internal sealed class UsesItsOwnRequest
    {
        private FileThingRequest? _request;
    }
}

/// <summary>R6: hand-written code in the generated mediator's namespace is not exempt.</summary>
namespace Urssaf.Api.Mediation
{
    internal sealed class HandWrittenMediation
    {
        private Urssaf.Modules.Declarations.Persistence.DeclarationsDbContext? _declarations;
    }
}

namespace Urssaf.Modules.Rogue.Domain
{
    /// <summary>R11: a domain type depending on EF Core.</summary>
    internal sealed class DomainUsingEf
    {
        private DbContext? _db;
    }
}
