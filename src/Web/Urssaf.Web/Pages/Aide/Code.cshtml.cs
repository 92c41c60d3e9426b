using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>The help entry of a problem code (GET /support/help/{code}, anonymous): what it means and what to do.</summary>
public sealed class AideCodeModel : WebPage
{
    protected override bool RequiresLogin => false;

    public HelpEntryResponse? Entry { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code)
    {
        if (code.Length > 100) return NotFound();
        var result = await Api.AnonymousAsync((c, ct) => c.Api.V1.Support.Help[code].GetAsync(cancellationToken: ct));
        if (!result.Ok) return NotFound();
        Entry = result.Value;
        return Page();
    }
}
