namespace Urssaf.Modules.Payments;

internal static class PaymentsRoutes
{
    public const string Root = "/api/v1/payments";
    public const string Operator = "/api/v1/operator";
    public const string Tag = "Payments";
    public const string OperatorTag = "Operator";
}
