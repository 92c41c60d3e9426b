using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

public sealed class ImportFormalitiesTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    [Fact]
    public async Task A_JSON_lines_file_is_recorded_through_the_slice_and_bad_lines_are_reported()
    {
        var file = Path.Combine(app.DataDirectory, "formalities.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            JsonSerializer.Serialize(RecordFormalityTests.Formality("53413173576225")),
            JsonSerializer.Serialize(RecordFormalityTests.Formality("42452758872793", category: "sales")), // incoherent with "liberal"
            "{ not json",
            "",
            JsonSerializer.Serialize(RecordFormalityTests.Formality("53413173576225", frequency: "monthly")),
        ]);
        var command = app.Services.GetServices<IHostVerb>().Single(c => c.Verb == "import-formalities");
        var output = new StringWriter();

        var exit = await command.RunAsync(app.Services, [file], output, CancellationToken.None);

        Assert.Equal(1, exit);
        var report = output.ToString();
        Assert.Contains("line 2: rejected (identity.primary_category.incoherent)", report);
        Assert.Contains("line 3: rejected (malformed JSON)", report);
        Assert.Contains("1 created, 1 updated or unchanged, 2 rejected", report);
        var stored = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().Formalities.AsNoTracking().SingleAsync(f => f.Siret == "53413173576225"));
        Assert.Equal(SharedKernel.Enterprise.DeclarationFrequency.Monthly, stored.DeclarationFrequency);
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error()
    {
        var command = app.Services.GetServices<IHostVerb>().Single(c => c.Verb == "import-formalities");
        Assert.Equal(2, await command.RunAsync(app.Services, ["/nonexistent.jsonl"], new StringWriter(), CancellationToken.None));
    }
}
