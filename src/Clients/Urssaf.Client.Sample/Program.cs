using Urssaf.Client.Models;
using Urssaf.Client.Sample;

// usage: dotnet run --project src/Clients/Urssaf.Client.Sample -- <baseUrl> <clientId> <clientSecret> <siret> [<siret>…]
// Lists each client's next deadline, then files a zero declaration for the first client's open period (a sample: adapt the turnover).
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: <baseUrl> <clientId> <clientSecret> <siret> [<siret>…]");
    return 2;
}

using var http = new HttpClient { BaseAddress = new Uri(args[0]) };
var tool = new AccountingTool(http);
await tool.LogInAsync(args[1], args[2], "declarations.read declarations.write");
var deadlines = await tool.NextDeadlinesAsync(args[3..]);
foreach (var d in deadlines)
    Console.WriteLine(d.Period is null ? $"{d.Siret}: nothing to declare" : $"{d.Siret}: {d.Period} due {d.DueDate:yyyy-MM-dd} ({d.Status})");

if (deadlines.FirstOrDefault(d => d.Period is not null) is { } first)
{
    var filed = await tool.FileAsync(first.Siret, first.Period!, [new TurnoverLineRequest { Category = ActivityCategory.Liberal_bnc, Turnover = 0 }]);
    Console.WriteLine($"{first.Siret}: {filed?.Period} {filed?.Status}, total {filed?.Total:0.00} €");
}

return 0;
