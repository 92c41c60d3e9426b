using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;
using Urssaf.Web.Api;

namespace Urssaf.Web.Pages;

/// <summary>
/// A copy of the account's data (GDPR art. 15): asked for (login of less than 15 minutes), prepared in the background, then
/// downloaded as a ZIP. The API has no list of exports: the one asked for is named in the address (<c>?copie=</c>).
/// </summary>
public sealed class DonneesModel : WebPage
{
    [BindProperty(SupportsGet = true, Name = "copie")] public Guid? Copie { get; set; }

    public DataExportView? Export { get; private set; }
    public bool NeedsFreshLogin { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Me.DataExports.PostAsync(cancellationToken: ct));
        if (!result.Ok)
        {
            NeedsFreshLogin = result.Problem!.Code == "identity.reauthentication_required";
            AddProblem(result.Problem);
            return Page();
        }

        Flash = "Votre demande est enregistrée : la copie de vos données est en préparation. Vous serez prévenu quand elle sera prête.";
        return Redirect($"/parametres/donnees?copie={result.Value!.ExportId}");
    }

    public async Task<IActionResult> OnGetTelechargerAsync()
    {
        if (Copie is not { } id) return NotFound();
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Me.DataExports[id].Content.GetAsync(cancellationToken: ct));
        if (!result.Ok || result.Value is null)
        {
            if (result.Problem is { } problem) AddProblem(problem);
            await LoadAsync();
            return Page();
        }

        var bytes = new MemoryStream();
        await result.Value.CopyToAsync(bytes, HttpContext.RequestAborted);
        return File(bytes.ToArray(), "application/zip", $"mes-donnees-urssaf-{id:N}.zip");
    }

    private async Task LoadAsync()
    {
        if (Copie is not { } id) return;
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Me.DataExports[id].GetAsync(cancellationToken: ct));
        if (result.Ok) Export = result.Value;
        else AddProblem(result.Problem!);
    }
}
