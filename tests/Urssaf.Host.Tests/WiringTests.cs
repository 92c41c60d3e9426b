using Carter;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Api;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>W1/W3: every handler can be built from the real host, every endpoint class is mapped.</summary>
public sealed class WiringTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private static readonly Type[] HandlerInterfaces =
        [typeof(Mediator.ICommandHandler<,>), typeof(Mediator.IQueryHandler<,>), typeof(Mediator.IRequestHandler<,>)];

    public static TheoryData<string> Handlers()
    {
        var data = new TheoryData<string>();
        foreach (var type in ModuleCatalog.All.SelectMany(m => m.GetType().Assembly.GetTypes()).Where(t => Implemented(t).Any()))
            data.Add(type.FullName!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Handlers))]
    public void Every_mediator_handler_resolves_from_the_host(string handler)
    {
        var type = ModuleCatalog.All.SelectMany(m => m.GetType().Assembly.GetTypes()).Single(t => t.FullName == handler);
        using var scope = app.Services.CreateScope();
        foreach (var service in Implemented(type)) Assert.NotNull(scope.ServiceProvider.GetService(service));
    }

    [Fact]
    public void Every_carter_endpoint_class_is_registered()
    {
        var expected = UrssafHostSetup.CarterEndpoints(ModuleCatalog.All.Select(m => m.GetType().Assembly));
        var registered = app.Services.GetServices<ICarterModule>().Select(m => m.GetType()).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.All(expected, t => Assert.Contains(t, registered));
    }

    private static IEnumerable<Type> Implemented(Type type) => type.IsAbstract ? [] : type.GetInterfaces()
        .Where(i => i.IsGenericType && HandlerInterfaces.Contains(i.GetGenericTypeDefinition()));
}
