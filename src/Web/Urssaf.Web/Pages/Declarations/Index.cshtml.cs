using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

public sealed class DeclarationsModel : WebPage
{
    public IReadOnlyList<PeriodResponse> Periods { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Declarations.Periods.GetAsync(cancellationToken: ct));
        if (!result.Ok) AddProblem(result.Problem!);
        Periods = result.Value ?? [];
    }
}
