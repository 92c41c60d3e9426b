using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>
/// Maps stored type keys (<c>declarations.DeclarationFiled</c>) to event types, built from the modules'
/// Contracts assemblies. The key never contains an assembly-qualified name, so assemblies can be versioned.
/// </summary>
public sealed class IntegrationEventTypeRegistry
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Dictionary<string, Type> _types;

    public IntegrationEventTypeRegistry(IEnumerable<Assembly> contractsAssemblies)
    {
        _types = contractsAssemblies
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
            .ToDictionary(KeyOf);
    }

    public IEnumerable<Type> Types => _types.Values;

    /// <summary><c>&lt;module&gt;.&lt;TypeName&gt;</c> for types under <c>Urssaf.Modules.&lt;Module&gt;</c>, else the full name.</summary>
    public static string KeyOf(Type type)
    {
        const string prefix = "Urssaf.Modules.";
        var ns = type.Namespace ?? "";
        if (!ns.StartsWith(prefix, StringComparison.Ordinal)) return type.FullName ?? type.Name;
        var module = ns[prefix.Length..].Split('.')[0];
        return $"{module.ToLowerInvariant()}.{type.Name}";
    }

    public Type? Resolve(string key) => _types.GetValueOrDefault(key);

    public bool IsSensitive(string key) => Resolve(key) is { } type && typeof(ISensitiveIntegrationEvent).IsAssignableFrom(type);

    public IIntegrationEvent Deserialize(string key, string content)
    {
        var type = Resolve(key) ?? throw new InvalidOperationException($"Unknown integration event type '{key}'.");
        return (IIntegrationEvent)(JsonSerializer.Deserialize(content, type, Json)
            ?? throw new InvalidOperationException($"Empty content for '{key}'."));
    }
}
