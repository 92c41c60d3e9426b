using Urssaf.TestKit;

namespace Urssaf.Modules.Notifications.Tests.Integration;

public sealed class NotificationsMigrationTests() : ModuleMigrationTests(new NotificationsModule());
