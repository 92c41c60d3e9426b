using System.Reflection;
using Architecture = ArchUnitNET.Domain.Architecture;
using Assembly = System.Reflection.Assembly;
using ArchUnitNET.Loader;
using Urssaf.Api;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Results;

namespace Urssaf.ArchitectureTests;

/// <summary>
/// The assemblies under test, as <see cref="Assembly"/> objects (never strings), loaded once. The violations
/// assembly is loaded too: rules are scoped by assembly, so it only matters where a test puts it in a role.
/// </summary>
public static class ArchitectureFixture
{
    public static readonly IModule[] Modules = ModuleCatalog.All;
    public static readonly Assembly[] ModuleAssemblies = Modules.Select(m => m.GetType().Assembly).ToArray();
    public static readonly Assembly[] ContractsAssemblies = Modules.Select(m => m.ContractsAssembly).ToArray();
    public static readonly Assembly Kernel = typeof(Result).Assembly;
    public static readonly Assembly KernelInfrastructure = typeof(IModule).Assembly;
    public static readonly Assembly Host = typeof(ModuleCatalog).Assembly;
    public static readonly Assembly Violations = typeof(Urssaf.Modules.Rogue.LeakedPublicType).Assembly;
    public static readonly Assembly Web = typeof(Urssaf.Web.WebAccount).Assembly;

    /// <summary>What the domain and the contracts must not touch: EF Core, ASP.NET Core, Carter, Quartz, FluentValidation.</summary>
    public static readonly Assembly[] InfrastructureAssemblies =
    [
        typeof(Microsoft.EntityFrameworkCore.DbContext).Assembly, typeof(Microsoft.AspNetCore.Http.HttpContext).Assembly,
        typeof(Microsoft.AspNetCore.Http.IResult).Assembly, typeof(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder).Assembly,
        typeof(Carter.ICarterModule).Assembly, typeof(Quartz.IJob).Assembly, typeof(FluentValidation.IValidator).Assembly,
    ];

    public static readonly Architecture Architecture = new ArchLoader()
        .LoadAssemblies([.. ((Assembly[])[.. ModuleAssemblies, .. ContractsAssemblies, Kernel, KernelInfrastructure, Host, Violations, Web,
            typeof(Mediator.IBaseCommand).Assembly, .. InfrastructureAssemblies, .. ReferencedBy([.. ContractsAssemblies, Violations])]).Distinct()])
        .Build(); // dependencies are only seen into loaded assemblies: R3's allow-list needs everything a Contracts assembly references

    private static IEnumerable<Assembly> ReferencedBy(Assembly[] assemblies) =>
        assemblies.SelectMany(a => a.GetReferencedAssemblies()).Select(name => { try { return Assembly.Load(name); } catch (FileNotFoundException) { return null; } })
            .OfType<Assembly>();

    public static Assembly Impl(string module) => ModuleAssemblies.Single(a => Name(a) == module);

    public static Assembly ContractsOf(string module) => Modules.Single(m => m.Name == module).ContractsAssembly;

    public static string Name(Assembly moduleAssembly) => Modules.Single(m => m.GetType().Assembly == moduleAssembly).Name;

    public static TheoryData<string> ModuleNames()
    {
        var data = new TheoryData<string>();
        foreach (var module in Modules) data.Add(module.Name);
        return data;
    }

    public static TheoryData<string, string> ModulePairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var a in Modules)
        foreach (var b in Modules.Where(b => b != a))
            data.Add(a.Name, b.Name);
        return data;
    }
}
