namespace Urssaf.Modules.Identity;

internal static class IdentityRoutes
{
    public const string Root = "/api/v1/identity";
    public const string Formalities = "/api/v1/operator/formalities";
    public const string Tag = "Identity";
    public const string OperatorTag = "Operator";
}
