namespace Urssaf.Modules.Declarations.Contracts;

/// <summary>Names this assembly for the mediator generator and the event registry.</summary>
public sealed class AssemblyMarker;
