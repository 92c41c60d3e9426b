using Assembly = System.Reflection.Assembly;
using ArchAssembly = ArchUnitNET.Domain.Assembly;
using ArchUnitNET.Domain;
using ArchUnitNET.Domain.Extensions;
using ArchUnitNET.Fluent;
using Carter;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Urssaf.SharedKernel.Messaging;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Urssaf.ArchitectureTests;

/// <summary>
/// ARCHITECTURE.md C.9, as functions of the assemblies playing each role, so that every rule can be run
/// once on the real solution (it must pass) and once on the violations assembly (it must fail).
/// </summary>
public static class Rules
{
    /// <summary>Infrastructure assemblies, loaded into the architecture by the fixture.</summary>
    private static Assembly[] Infrastructure => ArchitectureFixture.InfrastructureAssemblies;

    /// <summary>
    /// The architecture's own objects for these assemblies, looked up once: ArchUnitNET's overload taking reflection
    /// assemblies looks each one up by name again for every type it filters (a fifth of this project's CPU; the same
    /// goes for types, see <see cref="Of"/>).
    /// </summary>
    private static ArchAssembly In(Assembly assembly) => ArchitectureFixture.Architecture.GetAssemblyOfAssembly(assembly);

    private static ArchAssembly[] In(IEnumerable<Assembly> assemblies) => assemblies.Select(In).ToArray();

    /// <summary>The architecture's own object for this type, looked up once (the overload taking a <see cref="Type"/> looks it up per type filtered).</summary>
    private static IType Of(Type type) => ArchitectureFixture.Architecture.GetITypeOfType(type);

    /// <summary>R1: module A does not depend on anything of module B's implementation.</summary>
    public static IArchRule R1_NoReachingIntoAnotherModule(Assembly module, Assembly other) =>
        Types().That().ResideInAssembly(In(module))
            .Should().NotDependOnAny(Types().That().ResideInAssembly(In(other)))
            .Because("modules talk to each other only through *.Contracts");

    /// <summary>R2: no module uses a command type defined in a Contracts assembly (commands never cross a boundary).</summary>
    public static IArchRule R2_NoCommandsAcrossModules(Assembly module, Assembly[] contracts) =>
        Types().That().ResideInAssembly(In(module))
            .Should().NotDependOnAny(Types().That().ResideInAssembly(In(contracts[0]), In(contracts[1..])).And()
                .AreAssignableTo(Of(typeof(Mediator.IBaseCommand))))
            .Because("only events and queries cross module boundaries")
            .WithoutRequiringPositiveResults(); // most modules use no Contracts command at all, which is the point

    /// <summary>
    /// R3 (allow-list): Contracts depend only on themselves, the kernel (<c>Urssaf.SharedKernel</c>, not its infrastructure),
    /// Mediator.Abstractions and the BCL (<c>System.*</c>). Anything else, named or not yet thought of, fails.
    /// </summary>
    public static IArchRule R3_ContractsStayPure(Assembly contracts) =>
        Types().That().ResideInAssembly(In(contracts))
            .Should().OnlyDependOn(Types().That().ResideInAssembly(In(contracts), In(ArchitectureFixture.Kernel), In(typeof(Mediator.IBaseCommand).Assembly))
                .Or().ResideInNamespaceMatching(@"^System(\.|$)"))
            .Because("contracts are public and stable: the kernel, Mediator.Abstractions and the BCL, nothing else");

    /// <summary>R4: everything in a module assembly is internal except its Module class and EF-generated migrations.</summary>
    public static IArchRule R4_ModulesAreInternal(Assembly module) =>
        Types().That().ResideInAssembly(In(module)).And().AreNotNested()
            .And().DoNotHaveNameEndingWith("Module")
            .And().DoNotResideInNamespaceMatching(@"\.Persistence\.Migrations\.")
            .Should().NotBePublic()
            .Because("a module exposes only its registration class; everything else is internal")
            .WithoutRequiringPositiveResults(); // a module with only its Module class has nothing else to check

    /// <summary>R5: the kernel depends on no module and no Contracts assembly.</summary>
    public static IArchRule R5_KernelImportsNoModule(Assembly kernel) =>
        Types().That().ResideInAssembly(In(kernel))
            .Should().NotDependOnAny(Types().That().ResideInAssembly(In(ArchitectureFixture.ModuleAssemblies[0]),
                In([.. ArchitectureFixture.ModuleAssemblies[1..], .. ArchitectureFixture.ContractsAssemblies])))
            .Because("a shared kernel that imports modules is a hidden module");

    /// <summary>
    /// R6: the host uses a module only through its public Module class. Exempt: only the types the Mediator source generator
    /// wrote (marked <see cref="System.CodeDom.Compiler.GeneratedCodeAttribute"/> by it), not whole namespaces.
    /// </summary>
    public static IArchRule R6_HostUsesModulesThroughTheirModuleClass(Assembly host) =>
        Types().That().ResideInAssembly(In(host)).And().AreNot(GeneratedByMediator(host))
            .Should().NotDependOnAny(Types().That().ResideInAssembly(In(ArchitectureFixture.ModuleAssemblies[0]), In(ArchitectureFixture.ModuleAssemblies[1..]))
                .And().AreNotPublic())
            .Because("the host's internals access exists for the source generator only");

    /// <summary>Types (nested ones through their outermost type) that Mediator.SourceGenerator generated.</summary>
    private static IEnumerable<Type> GeneratedByMediator(Assembly assembly)
    {
        static Type Outermost(Type t) { while (t.DeclaringType is not null) t = t.DeclaringType; return t; }
        static bool CompilerGenerated(Type t) { for (; t is not null; t = t.DeclaringType!) if (t.Name.StartsWith('<')) return true; return false; }
        return assembly.GetTypes().Where(t => !CompilerGenerated(t) && Outermost(t).GetCustomAttributes(typeof(System.CodeDom.Compiler.GeneratedCodeAttribute), false)
            .Cast<System.CodeDom.Compiler.GeneratedCodeAttribute>().Any(a => a.Tool == "Mediator.SourceGenerator")).ToList();
    }

    /// <summary>R7: handlers are sealed, named *Handler and live in a Features.&lt;Slice&gt; namespace.</summary>
    public static IArchRule R7_HandlersLiveInTheirSlice(Assembly module) =>
        Classes().That().Are(Implementing(module, typeof(Mediator.ICommandHandler<,>), typeof(Mediator.IQueryHandler<,>), typeof(IIntegrationEventHandler<>)))
            .Should().BeSealed().AndShould().HaveNameEndingWith("Handler")
            .AndShould().ResideInNamespaceMatching(@"\.Features\.[A-Za-z]+$")
            .Because("a slice is one folder: command or query, validator, handler and endpoint")
            .WithoutRequiringPositiveResults(); // a module without handlers yet

    /// <summary>R8: validators end with Validator; endpoints end with Endpoint and live in their slice.</summary>
    public static IArchRule R8_ValidatorsAndEndpointsAreFindable(Assembly module) =>
        Classes().That().Are(Implementing(module, typeof(AbstractValidator<>)))
            .Should().HaveNameEndingWith("Validator")
            .AndShould().ResideInNamespaceMatching(@"\.Features\.[A-Za-z]+$")
            .Because("a slice's parts are found by name")
            .WithoutRequiringPositiveResults() // a module without validators yet
            .And(Classes().That().ResideInAssembly(In(module)).And().AreAssignableTo(Of(typeof(ICarterModule)))
                .Should().HaveNameEndingWith("Endpoint")
                .AndShould().ResideInNamespaceMatching(@"\.Features\.[A-Za-z]+$")
                .WithoutRequiringPositiveResults()); // a module without endpoints yet

    /// <summary>R9: integration events live in Contracts, are sealed and immutable.</summary>
    public static IArchRule R9_EventsAreImmutableContracts(Assembly[] contracts) =>
        Classes().That().AreAssignableTo(Of(typeof(IIntegrationEvent))).And().ResideInAssembly(In(contracts[0]), In(contracts[1..]))
            .Should().BeSealed().AndShould().BeImmutable()
            .Because("published events are public contracts: append-only and immutable");

    /// <summary>R9 (placement): no event type is declared outside a Contracts assembly.</summary>
    public static IArchRule R9_EventsLiveInContracts(Assembly assembly) =>
        Classes().That().ResideInAssembly(In(assembly)).Should().NotBeAssignableTo(Of(typeof(IIntegrationEvent)))
            .Because("an event other modules consume must be in a Contracts assembly");

    /// <summary>R10: commands and queries have no settable properties.</summary>
    public static IArchRule R10_MessagesAreImmutable(Assembly module) =>
        Classes().That().Are(Implementing(module, typeof(Mediator.ICommand<>), typeof(Mediator.IQuery<>), typeof(Mediator.ICommand)))
            .Should().BeImmutable()
            .Because("a message is a value: positional or init-only")
            .WithoutRequiringPositiveResults(); // a module without messages yet

    /// <summary>R11: Domain namespaces depend on no infrastructure.</summary>
    public static IArchRule R11_DomainIsPure(Assembly module) =>
        Types().That().ResideInAssembly(In(module)).And().ResideInNamespaceMatching(@"\.Domain(\.|$)")
            .Should().NotDependOnAny(Types().That().ResideInAssembly(In(Infrastructure[0]), In([.. Infrastructure[1..], typeof(Mediator.IBaseCommand).Assembly])))
            .Because("the domain is testable without a database, a web server or a scheduler")
            .WithoutRequiringPositiveResults(); // a module without a domain yet

    /// <summary>Classes of the assembly that derive from or implement one of the (open generic) types.</summary>
    private static IEnumerable<Type> Implementing(Assembly assembly, params Type[] openTypes)
    {
        static bool Matches(Type t, Type open) => t.IsGenericType && t.GetGenericTypeDefinition() == open;
        static IEnumerable<Type> Bases(Type t) { for (var b = t.BaseType; b is not null; b = b.BaseType) yield return b; }
        return assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }
            && openTypes.Any(open => t.GetInterfaces().Any(i => Matches(i, open)) || Bases(t).Any(b => Matches(b, open)))).ToList();
    }

    /// <summary>
    /// R12: a module's DbContext is used only inside that module. One rule per module against all the others: the
    /// DbContext classes are looked up once, not once per pair.
    /// </summary>
    public static IArchRule R12_DbContextsArePrivate(Assembly module, params Assembly[] others) =>
        others.Length == 0 ? throw new ArgumentException("R12 needs at least one other module.", nameof(others)) :
        Types().That().ResideInAssembly(In(module))
            .Should().NotDependOnAny(Classes().That().ResideInAssembly(In(others[0]), In(others[1..])).And().AreAssignableTo(Of(typeof(DbContext))))
            .Because("each module owns its schema; no other module opens it");

    /// <summary>
    /// R13: a slice (a folder under <c>Features/</c>) uses no type of another slice of its module; what several slices
    /// share lives in <c>Domain/</c>, <c>Features/Shared/</c> or a named folder beside <c>Features/</c> (ADR 0125).
    /// </summary>
    public static IArchRule R13_SlicesDoNotUseEachOther(Assembly module)
    {
        var slices = module.GetTypes().Select(t => t.Namespace is { } ns ? SliceOf.Match(ns) : System.Text.RegularExpressions.Match.Empty)
            .Where(m => m.Success && m.Groups["slice"].Value != "Shared").Select(m => (Root: m.Groups["root"].Value, Slice: m.Groups["slice"].Value))
            .Distinct().OrderBy(s => s.Root).ThenBy(s => s.Slice).ToList();
        IArchRule? rule = null;
        foreach (var (root, slice) in slices)
        {
            var features = System.Text.RegularExpressions.Regex.Escape(root + ".Features.");
            var next = Types().That().ResideInAssembly(In(module)).And().ResideInNamespaceMatching($@"^{features}{slice}(\.|$)")
                .Should().NotDependOnAny(Types().That().ResideInAssembly(In(module))
                    .And().ResideInNamespaceMatching($@"^{features}(?!(?:{slice}|Shared)(?:\.|$))"))
                .Because($"the slice {slice} must not use another slice's types: shared code moves to Domain/ or Features/Shared/");
            rule = rule is null ? next : rule.And(next);
        }

        return rule ?? throw new InvalidOperationException($"{module.GetName().Name} has no slice under Features/");
    }

    private static readonly System.Text.RegularExpressions.Regex SliceOf = new(@"^(?<root>.+)\.Features\.(?<slice>[A-Za-z]+)(\.|$)");

    /// <summary>R14: the web account reaches the service only through the public HTTP API (typed client): no module, no contracts, no kernel, no host.</summary>
    public static IArchRule R14_WebUsesOnlyThePublicApi(Assembly web) =>
        Types().That().ResideInAssembly(In(web))
            .Should().NotDependOnAny(Types().That().ResideInAssembly(In(ArchitectureFixture.ModuleAssemblies[0]),
                In([.. ArchitectureFixture.ModuleAssemblies[1..], .. ArchitectureFixture.ContractsAssemblies, ArchitectureFixture.Kernel,
                 ArchitectureFixture.KernelInfrastructure, ArchitectureFixture.Host])))
            .Because("the web account is a client of the public API like any other, deployable on its own (ADR 0080)");
}
