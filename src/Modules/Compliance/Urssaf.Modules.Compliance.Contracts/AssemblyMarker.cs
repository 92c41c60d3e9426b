namespace Urssaf.Modules.Compliance.Contracts;

/// <summary>Names this assembly for the mediator generator and the event registry.</summary>
public sealed class AssemblyMarker;
