namespace Urssaf.Modules.Documents;

internal static class DocumentsRoutes
{
    public const string Root = "/api/v1/documents";
    public const string Operator = "/api/v1/operator";
    public const string Tag = "Documents";
    public const string OperatorTag = "Operator";
}
