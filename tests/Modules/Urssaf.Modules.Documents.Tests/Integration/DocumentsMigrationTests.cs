using Urssaf.TestKit;

namespace Urssaf.Modules.Documents.Tests.Integration;

public sealed class DocumentsMigrationTests() : ModuleMigrationTests(new DocumentsModule());
