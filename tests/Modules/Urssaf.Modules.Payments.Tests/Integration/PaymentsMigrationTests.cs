using Urssaf.TestKit;

namespace Urssaf.Modules.Payments.Tests.Integration;

public sealed class PaymentsMigrationTests() : ModuleMigrationTests(new PaymentsModule());
