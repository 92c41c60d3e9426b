namespace Urssaf.Modules.Notifications;

internal static class NotificationsRoutes
{
    public const string Root = "/api/v1/notifications";
    public const string Operator = "/api/v1/operator";
    public const string Tag = "Notifications";
    public const string OperatorTag = "Operator";
}
