namespace Urssaf.Modules.Declarations;

internal static class DeclarationsRoutes
{
    public const string Root = "/api/v1/declarations";
    public const string Tag = "Declarations";
}
