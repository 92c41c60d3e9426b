using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.SharedKernel.Infrastructure.Mediation;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Modules.Identity.Features.RecordFormality;

/// <summary>
/// <c>import-formalities &lt;file&gt;</c>: records a JSON-lines file of formalities (one record per line, the shape
/// of <c>POST /api/v1/operator/formalities</c>) through the same slice. A bad line is reported and skipped.
/// </summary>
internal sealed class ImportFormalitiesVerb(JsonSerializerOptions json) : IHostVerb
{
    public string Verb => "import-formalities";

    public string Usage => "import-formalities <file.jsonl>";

    public async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Count != 1 || !File.Exists(arguments[0]))
        {
            await output.WriteLineAsync($"usage: {Usage} (the file must exist)");
            return 2;
        }

        int created = 0, updated = 0, rejected = 0, number = 0;
        foreach (var line in File.ReadLines(arguments[0]))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                var request = JsonSerializer.Deserialize<RecordFormalityRequest>(line, json) ?? throw new JsonException("empty record");
                await using var scope = services.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(request.ToCommand(), cancellationToken);
                if (!result.IsSuccess) throw new InvalidOperationException(result.Error!.Code);
                if (result.Value.Created) created++;
                else updated++;
            }
            catch (Exception ex) when (ex is JsonException or RequestValidationException or InvalidOperationException)
            {
                rejected++;
                var reason = ex is RequestValidationException validation
                    ? string.Join(", ", validation.Failures.Select(f => f.ErrorCode).Distinct())
                    : ex is JsonException ? "malformed JSON" : ex.Message;
                await output.WriteLineAsync($"line {number}: rejected ({reason})");
            }
        }

        await output.WriteLineAsync($"{created} created, {updated} updated or unchanged, {rejected} rejected");
        return rejected == 0 ? 0 : 1;
    }
}
