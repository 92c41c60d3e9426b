using ArchUnitNET.xUnit;
using static Urssaf.ArchitectureTests.ArchitectureFixture;

namespace Urssaf.ArchitectureTests;

/// <summary>Every rule passes on the solution. <see cref="RulesFailOnViolationsTests"/> proves none passes vacuously.</summary>
public sealed class ArchitectureRuleTests
{
    [Theory, MemberData(nameof(ModulePairs), MemberType = typeof(ArchitectureFixture))]
    public void R1_a_module_does_not_reach_into_another_module(string module, string other) =>
        Rules.R1_NoReachingIntoAnotherModule(Impl(module), Impl(other)).Check(Architecture);

    [Theory, MemberData(nameof(ModuleNames), MemberType = typeof(ArchitectureFixture))]
    public void R2_no_command_crosses_a_module_boundary(string module) =>
        Rules.R2_NoCommandsAcrossModules(Impl(module), ContractsAssemblies).Check(Architecture);

    [Theory, MemberData(nameof(ModuleNames), MemberType = typeof(ArchitectureFixture))]
    public void R3_contracts_depend_on_no_infrastructure_and_no_module(string module) =>
        Rules.R3_ContractsStayPure(ContractsOf(module)).Check(Architecture);

    [Theory, MemberData(nameof(ModuleNames), MemberType = typeof(ArchitectureFixture))]
    public void R4_module_internals_are_internal(string module) =>
        Rules.R4_ModulesAreInternal(Impl(module)).Check(Architecture);

    [Fact]
    public void R5_the_kernel_imports_no_module()
    {
        Rules.R5_KernelImportsNoModule(Kernel).Check(Architecture);
        Rules.R5_KernelImportsNoModule(KernelInfrastructure).Check(Architecture);
    }

    [Fact]
    public void R6_the_host_uses_modules_only_through_their_module_class() =>
        Rules.R6_HostUsesModulesThroughTheirModuleClass(Host).Check(Architecture);

    [Theory, MemberData(nameof(ModuleNames), MemberType = typeof(ArchitectureFixture))]
    public void R7_handlers_are_sealed_named_and_in_their_slice(string module) =>
        Rules.R7_HandlersLiveInTheirSlice(Impl(module)).Check(Architecture);

    [Theory, MemberData(nameof(ModuleNames), MemberType = typeof(ArchitectureFixture))]
    public void R8_validators_and_endpoints_are_named_and_in_their_slice(string module) =>
        Rules.R8_ValidatorsAndEndpointsAreFindable(Impl(module)).Check(Architecture);

    [Fact]
    public void R9_integration_events_are_sealed_immutable_and_in_contracts()
    {
        Rules.R9_EventsAreImmutableContracts(ContractsAssemblies).Check(Architecture);
        foreach (var assembly in ModuleAssemblies.Append(Host).Append(KernelInfrastructure))
            Rules.R9_EventsLiveInContracts(assembly).Check(Architecture);
    }

    [Theory, MemberData(nameof(ModuleNames), MemberType = typeof(ArchitectureFixture))]
    public void R10_commands_and_queries_are_immutable(string module) =>
        Rules.R10_MessagesAreImmutable(Impl(module)).Check(Architecture);

    [Theory, MemberData(nameof(ModuleNames), MemberType = typeof(ArchitectureFixture))]
    public void R11_the_domain_depends_on_no_infrastructure(string module) =>
        Rules.R11_DomainIsPure(Impl(module)).Check(Architecture);

    [Theory, MemberData(nameof(ModuleNames), MemberType = typeof(ArchitectureFixture))]
    public void R12_a_DbContext_is_used_only_by_its_module(string module) =>
        Rules.R12_DbContextsArePrivate(Impl(module), [.. ModuleAssemblies.Where(a => a != Impl(module))]).Check(Architecture);

    [Theory, MemberData(nameof(ModuleNames), MemberType = typeof(ArchitectureFixture))]
    public void R13_slices_do_not_use_each_other(string module) =>
        Rules.R13_SlicesDoNotUseEachOther(Impl(module)).Check(Architecture);

    [Fact]
    public void R14_the_web_account_uses_only_the_public_api()
    {
        Rules.R14_WebUsesOnlyThePublicApi(ArchitectureFixture.Web).Check(Architecture);
        var references = ArchitectureFixture.Web.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("Urssaf.Client", references);
        Assert.DoesNotContain(references, r => r.StartsWith("Urssaf.Modules", StringComparison.Ordinal) || r.StartsWith("Urssaf.SharedKernel", StringComparison.Ordinal) || r == "Urssaf.Host");
    }

    [Fact]
    public void R0_every_module_project_of_the_solution_is_in_the_catalog()
    {
        var projects = CatalogCheck.ModuleProjects(CatalogCheck.SolutionDirectory());
        Assert.Contains("Urssaf.Modules.Declarations", projects); // the scan finds the modules at all
        Assert.Empty(CatalogCheck.Missing(projects, ArchitectureFixture.Modules));
        Assert.Empty(ArchitectureFixture.Modules.Select(m => m.ContractsAssembly.GetName().Name!).Except(projects));
    }
}

/// <summary>Each rule, pointed at the deliberate violations, must fail: a rule that cannot fail proves nothing.</summary>
public sealed class RulesFailOnViolationsTests
{
    private static readonly System.Reflection.Assembly Declarations = Impl("declarations");

    [Fact]
    public void R1_fails_when_a_module_references_another_modules_internals() =>
        AssertFails(Rules.R1_NoReachingIntoAnotherModule(Violations, Declarations), "ReachesIntoDeclarations");

    [Fact]
    public void R2_fails_when_a_module_uses_a_command_from_contracts() =>
        AssertFails(Rules.R2_NoCommandsAcrossModules(Violations, [Violations]), "SendsAnotherModulesCommand");

    [Fact]
    public void R3_fails_when_contracts_depend_on_EF_Core() =>
        AssertFails(Rules.R3_ContractsStayPure(Violations), "ContractUsingEf");

    [Fact]
    public void R3_fails_on_any_dependency_outside_its_allow_list() =>
        AssertFails(Rules.R3_ContractsStayPure(Violations), "ContractUsingLogging");

    [Fact]
    public void R4_fails_on_a_public_type_in_a_module() =>
        AssertFails(Rules.R4_ModulesAreInternal(Violations), "LeakedPublicType");

    [Fact]
    public void R5_fails_when_the_kernel_imports_a_module() =>
        AssertFails(Rules.R5_KernelImportsNoModule(Violations), "ReachesIntoDeclarations");

    [Fact]
    public void R6_fails_when_the_host_uses_module_internals() =>
        AssertFails(Rules.R6_HostUsesModulesThroughTheirModuleClass(Violations), "ReachesIntoDeclarations");

    [Fact]
    public void R6_exempts_generated_code_only_not_its_namespace() =>
        AssertFails(Rules.R6_HostUsesModulesThroughTheirModuleClass(Violations), "HandWrittenMediation");

    [Fact]
    public void R7_fails_on_a_misplaced_unsealed_misnamed_handler() =>
        AssertFails(Rules.R7_HandlersLiveInTheirSlice(Violations), "DoesTheThing");

    [Fact]
    public void R8_fails_on_a_misnamed_validator_or_endpoint()
    {
        AssertFails(Rules.R8_ValidatorsAndEndpointsAreFindable(Violations), "RogueRules");
        AssertFails(Rules.R8_ValidatorsAndEndpointsAreFindable(Violations), "RogueRoutes");
    }

    [Fact]
    public void R9_fails_on_a_mutable_unsealed_event_or_one_outside_contracts()
    {
        AssertFails(Rules.R9_EventsAreImmutableContracts([Violations]), "MutableEvent");
        AssertFails(Rules.R9_EventsLiveInContracts(Violations), "MutableEvent");
    }

    [Fact]
    public void R10_fails_on_a_command_with_a_setter() =>
        AssertFails(Rules.R10_MessagesAreImmutable(Violations), "MutableCommand");

    [Fact]
    public void R11_fails_when_the_domain_uses_EF_Core() =>
        AssertFails(Rules.R11_DomainIsPure(Violations), "DomainUsingEf");

    [Fact]
    public void R12_fails_when_a_module_uses_another_modules_DbContext() =>
        AssertFails(Rules.R12_DbContextsArePrivate(Violations, Impl("identity"), Declarations), "ReachesIntoDeclarations"); // found past the first of the others

    [Fact]
    public void R0_fails_when_a_module_assembly_is_missing_from_the_catalog() =>
        Assert.Equal(["Urssaf.Modules.Billing"], CatalogCheck.Missing(["Urssaf.Modules.Billing", "Urssaf.Modules.Billing.Contracts"], ArchitectureFixture.Modules));

    [Fact]
    public void R13_fails_when_a_slice_uses_another_slices_type() =>
        AssertFails(Rules.R13_SlicesDoNotUseEachOther(Violations), "BorrowsFromAnotherSlice");

    [Fact]
    public void R13_lets_a_slice_use_shared_code_and_its_own_types()
    {
        var error = Assert.ThrowsAny<Exception>(() => Rules.R13_SlicesDoNotUseEachOther(Violations).Check(Architecture));
        Assert.DoesNotContain("UsesSharedCode", error.Message);
        Assert.DoesNotContain("UsesItsOwnRequest", error.Message);
    }

    [Fact]
    public void R14_fails_when_web_code_reaches_into_a_module() =>
        AssertFails(Rules.R14_WebUsesOnlyThePublicApi(Violations), "ReachesIntoDeclarations");

    private static void AssertFails(ArchUnitNET.Fluent.IArchRule rule, string offender)
    {
        Assert.False(rule.HasNoViolations(Architecture), $"the rule should fail on {offender}");
        var error = Assert.ThrowsAny<Exception>(() => rule.Check(Architecture));
        Assert.Contains(offender, error.Message);
    }
}

public static class CatalogCheck
{
    /// <summary>The repository root: the first parent of the test's output folder that holds the solution file.</summary>
    public static string SolutionDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Urssaf.sln"))) return dir.FullName;
        throw new InvalidOperationException("Urssaf.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Every module project under <c>src/Modules</c>, whether or not the host references it: a module the host forgot
    /// is not in its build output, so a scan of <c>bin/</c> would miss exactly the case R0 exists for.
    /// </summary>
    public static IReadOnlyList<string> ModuleProjects(string solutionDirectory) =>
        Directory.GetFiles(Path.Combine(solutionDirectory, "src", "Modules"), "Urssaf.Modules.*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension).Order().ToList()!;

    /// <summary>Module implementation assemblies found on disk but absent from the catalog (their Contracts are paired with them).</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<string> assemblyNames, IEnumerable<Urssaf.SharedKernel.Infrastructure.Modules.IModule> catalog)
    {
        var known = catalog.SelectMany(m => new[] { m.GetType().Assembly.GetName().Name!, m.ContractsAssembly.GetName().Name! }).ToHashSet();
        return assemblyNames.Where(n => !known.Contains(n) && !n.EndsWith(".Contracts", StringComparison.Ordinal)).ToList();
    }
}
