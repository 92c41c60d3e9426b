using Urssaf.TestKit;

namespace Urssaf.Modules.Declarations.Tests.Integration;

public sealed class DeclarationsMigrationTests() : ModuleMigrationTests(new DeclarationsModule());
