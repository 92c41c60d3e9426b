namespace Urssaf.Modules.Compliance;

internal static class ComplianceRoutes
{
    public const string Root = "/api/v1/compliance";
    public const string Operator = "/api/v1/operator";
    public const string Tag = "Compliance";
    public const string OperatorTag = "Operator";
}
