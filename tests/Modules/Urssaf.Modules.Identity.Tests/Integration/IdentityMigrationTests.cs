using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

public sealed class IdentityMigrationTests() : ModuleMigrationTests(new IdentityModule());
