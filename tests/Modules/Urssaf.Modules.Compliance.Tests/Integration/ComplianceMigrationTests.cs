using Urssaf.TestKit;

namespace Urssaf.Modules.Compliance.Tests.Integration;

public sealed class ComplianceMigrationTests() : ModuleMigrationTests(new ComplianceModule());
