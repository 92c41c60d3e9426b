using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>The attestation de vigilance (with the reasons of a refusal), and the library searched by type, period and status.</summary>
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

    public IReadOnlyList<DocumentResponse> Documents { get; private set; } = [];
    public IReadOnlyList<string> RefusalReasons { get; private set; } = [];

    public async Task OnGetAsync()
    {
        if (!string.IsNullOrEmpty(Periode) && !PeriodPattern().IsMatch(Periode))
            ModelState.AddModelError("periode", "Saisissez une période comme 2026-04 (mois) ou 2026-Q2 (trimestre).");
        if (!string.IsNullOrEmpty(Type) && !Types.ContainsKey(Type)) ModelState.AddModelError("type", "Choisissez un type de la liste.");
        if (!ModelState.IsValid) return;
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
