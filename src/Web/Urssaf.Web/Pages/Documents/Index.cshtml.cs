using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>
/// The attestation de vigilance (with the reasons of a refusal), the annual summary (PDF for the tax return) and the CSV
/// files of a year (summary, declarations, payments), and the library searched by type, period and status.
/// </summary>
public sealed partial class DocumentsModel : WebPage
{
    public static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>
    {
        ["attestation_vigilance"] = "Attestation de vigilance",
        ["declaration_receipt"] = "Reçu de déclaration",
        ["payment_receipt"] = "Reçu de paiement",
        ["annual_summary"] = "Récapitulatif annuel",
    };

    [BindProperty(SupportsGet = true, Name = "type")] public string? Type { get; set; }
    [BindProperty(SupportsGet = true, Name = "periode")] public string? Periode { get; set; }
    [BindProperty(SupportsGet = true, Name = "statut")] public string? Statut { get; set; }

    /// <summary>The year of the annual summary or of a CSV file, as typed.</summary>
    [BindProperty(SupportsGet = true, Name = "annee")] public string? Annee { get; set; }

    /// <summary>Which CSV file: <c>recapitulatif</c>, <c>declarations</c> or <c>paiements</c>.</summary>
    [BindProperty(SupportsGet = true, Name = "fichier")] public string? Fichier { get; set; }

    /// <summary>The annual summary form's idempotency key: the same submission twice produces one document.</summary>
    [BindProperty(Name = "cle")] public string? Cle { get; set; }

    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["recapitulatif"] = "Récapitulatif annuel (pour l'impôt)",
        ["declarations"] = "Déclarations de l'année",
        ["paiements"] = "Paiements de l'année",
    };

    public IReadOnlyList<DocumentResponse> Documents { get; private set; } = [];
    public IReadOnlyList<string> RefusalReasons { get; private set; } = [];

    public Task OnGetAsync() => LoadLibraryAsync();

    private async Task LoadLibraryAsync()
    {
        if (!string.IsNullOrEmpty(Periode) && !PeriodPattern().IsMatch(Periode))
            ModelState.AddModelError("periode", "Saisissez une période comme 2026-04 (mois) ou 2026-Q2 (trimestre).");
        if (!string.IsNullOrEmpty(Type) && !Types.ContainsKey(Type)) ModelState.AddModelError("type", "Choisissez un type de la liste.");
        if (ModelState.GetFieldValidationState("periode") == ModelValidationState.Invalid || ModelState.GetFieldValidationState("type") == ModelValidationState.Invalid) return;
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Documents.GetAsync(r =>
        {
            r.QueryParameters.PageSize = 100;
            if (!string.IsNullOrEmpty(Type)) r.QueryParameters.Type = Type;
            if (!string.IsNullOrEmpty(Periode)) r.QueryParameters.Period = Periode;
            if (!string.IsNullOrEmpty(Statut)) r.QueryParameters.Status = Statut;
        }, ct));
        if (!result.Ok) AddProblem(result.Problem!, "type", "periode", "statut");
        Documents = result.Value ?? [];
    }

    public async Task<IActionResult> OnPostAttestationAsync()
    {
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Documents.Attestations.PostAsync(new IssueAttestationRequest { Kind = "vigilance" }, cancellationToken: ct));
        if (result.Ok)
        {
            Flash = $"Votre attestation de vigilance est prête (valable jusqu'au {Fr.Date(result.Value!.ValidUntil)}).";
            return Redirect("/documents?type=attestation_vigilance");
        }

        AddProblem(result.Problem!);
        if (result.Problem!.Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("reasons", out var reasons) && reasons.ValueKind == JsonValueKind.Array)
            RefusalReasons = [.. reasons.EnumerateArray().Select(r => r.TryGetProperty("text", out var t) ? t.GetString() ?? "" : r.ToString())];
        await OnGetAsync();
        return Page();
    }

    /// <summary>The signed annual summary of a year (PDF), added to the library.</summary>
    public async Task<IActionResult> OnPostRecapitulatifAsync()
    {
        if (ParseYear("annee-recapitulatif") is not { } year)
        {
            await OnGetAsync();
            return Page();
        }

        var key = Guid.TryParse(Cle, out var k) ? k : Guid.NewGuid();
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Documents.AnnualSummaries.PostAsync(new AnnualSummaryRequest { Year = year },
            r => r.Headers.Add("Idempotency-Key", $"web-recapitulatif-{year}-{key:N}"), ct));
        if (!result.Ok)
        {
            AddProblem(result.Problem!, "annee-recapitulatif");
            await OnGetAsync();
            return Page();
        }

        Flash = $"Votre récapitulatif annuel {year} est prêt : téléchargez-le ci-dessous.";
        return Redirect("/documents?type=annual_summary");
    }

    /// <summary>A year's CSV file from the API (semicolons, decimal commas, UTF-8), streamed through the page.</summary>
    public async Task<IActionResult> OnGetExportAsync()
    {
        var year = ParseYear("annee");
        if (Fichier is null || !Files.ContainsKey(Fichier)) ModelState.AddModelError("fichier", "Choisissez le fichier à télécharger.");
        if (year is null || !ModelState.IsValid)
        {
            await LoadLibraryAsync();
            return Page();
        }

        var y = year.Value;
        var result = Fichier switch
        {
            "declarations" => await Api.CallAsync((c, ct) => c.Api.V1.Declarations.Exports[y].GetAsync(cancellationToken: ct)),
            "paiements" => await Api.CallAsync((c, ct) => c.Api.V1.Payments.Exports[y].GetAsync(cancellationToken: ct)),
            _ => await Api.CallAsync((c, ct) => c.Api.V1.Documents.AnnualSummaries[y.ToString(System.Globalization.CultureInfo.InvariantCulture)]
                .GetAsync(r => r.QueryParameters.Format = "csv", ct)),
        };
        if (!result.Ok || result.Value is null)
        {
            AddProblem(result.Problem ?? new Urssaf.Web.Api.ApiProblem(503, "web.api_unreachable", null, null, null), "annee");
            await LoadLibraryAsync();
            return Page();
        }

        var bytes = new MemoryStream();
        await result.Value.CopyToAsync(bytes, HttpContext.RequestAborted);
        var name = Fichier == "recapitulatif" ? "recapitulatif" : Fichier;
        return File(bytes.ToArray(), "text/csv; charset=utf-8", $"{name}-{y}.csv");
    }

    /// <summary>The year typed (four digits, 2000 to 2100 as the API accepts), or null with a French message next to the field.</summary>
    private int? ParseYear(string field)
    {
        var text = Annee?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            ModelState.AddModelError(field, "Saisissez l'année, par exemple 2026.");
            return null;
        }

        if (text.Length != 4 || !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            || year is < 2000 or > 2100)
        {
            ModelState.AddModelError(field, "Saisissez une année en quatre chiffres, par exemple 2026.");
            return null;
        }

        return year;
    }

    /// <summary>Streams the PDF from the API (the browser never sees a token).</summary>
    public async Task<IActionResult> OnGetDownloadAsync(Guid id)
    {
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Documents[id].Content.GetAsync(cancellationToken: ct));
        if (!result.Ok || result.Value is null) return NotFound();
        var bytes = new MemoryStream();
        await result.Value.CopyToAsync(bytes, HttpContext.RequestAborted);
        return File(bytes.ToArray(), "application/pdf", $"document-{id:N}.pdf");
    }

    [GeneratedRegex(@"^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$")]
    private static partial Regex PeriodPattern();
}
