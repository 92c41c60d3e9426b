using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>How to reach Urssaf (GET /support, anonymous): the 3957, its hours, secure messaging and the help topics.</summary>
public sealed class AideModel : WebPage
{
    protected override bool RequiresLogin => false;

    public SupportResponse? Support { get; private set; }

    public async Task OnGetAsync() =>
        Support = (await Api.AnonymousAsync((c, ct) => c.Api.V1.Support.GetAsync(cancellationToken: ct))).Value;
}
