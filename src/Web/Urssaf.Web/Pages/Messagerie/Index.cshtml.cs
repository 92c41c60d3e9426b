using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>Secure messaging: the account's threads (a reply owed, an adviser's answer to read) and a new message to an adviser.</summary>
public sealed class MessagerieModel : WebPage
{
    public static readonly IReadOnlyDictionary<string, string> Topics = new Dictionary<string, string>
    {
        ["declaration"] = "Une déclaration", ["payment"] = "Un paiement", ["attestation"] = "Une attestation",
        ["account"] = "Mon compte", ["other"] = "Autre chose",
    };

    public IReadOnlyList<ThreadSummaryResponse> Threads { get; private set; } = [];

    [BindProperty] public string? Sujet { get; set; }
    [BindProperty] public string? Objet { get; set; }
    [BindProperty] public string? Message { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (Sujet is null || !Topics.ContainsKey(Sujet)) ModelState.AddModelError(nameof(Sujet), "Choisissez le sujet de votre demande.");
        Required(nameof(Objet), Objet, "Saisissez l'objet de votre message.");
        if (Objet is { Length: > 200 }) ModelState.AddModelError(nameof(Objet), "L'objet est trop long (200 caractères au plus).");
        Required(nameof(Message), Message, "Saisissez votre message.");
        if (Message is { Length: > 10_000 }) ModelState.AddModelError(nameof(Message), "Votre message est trop long (10 000 caractères au plus).");
        if (ModelState.IsValid)
        {
            var result = await Api.CallAsync((c, ct) => c.Api.V1.Notifications.Threads.PostAsync(
                new OpenThreadRequest { Topic = Sujet, Subject = Objet!.Trim(), Body = Message!.Trim() }, cancellationToken: ct));
            if (result.Ok)
            {
                Flash = "Votre message est envoyé. Un conseiller vous répondra dans la messagerie ; vous serez prévenu de sa réponse.";
                return Redirect($"/messagerie/{result.Value!.ThreadId}");
            }

            AddProblem(result.Problem!, nameof(Sujet), nameof(Objet), nameof(Message));
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() =>
        Threads = (await Api.CallAsync((c, ct) => c.Api.V1.Notifications.Threads.GetAsync(cancellationToken: ct))).Value ?? [];
}
