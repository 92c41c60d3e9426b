using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

/// <summary>
/// Account recovery, every step of the API's: the login, the e-mail link (<c>/recovery?token=…</c>), the SMS code, the
/// secret answer; then the temporary password arrives in two halves (SMS, e-mail) and the login forces a new one.
/// The recovery's identifier stays in an HttpOnly cookie of this browser (the e-mail link carries only the token).
/// </summary>
public sealed class RecuperationModel : WebPage
{
    private const string Cookie = "urssaf_recovery";

    protected override bool RequiresLogin => false;

    [FromRoute] public string? Step { get; set; }
    [BindProperty] public string? Login { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Answer { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    public string? Question { get; private set; }

    public void OnGet() => Question = TempData.Peek("RecoveryQuestion") as string;

    public async Task<IActionResult> OnPostStartAsync()
    {
        Step = null;
        Required(nameof(Login), Login, "Saisissez votre adresse électronique, votre numéro de sécurité sociale ou votre SIRET.");
        if (!ModelState.IsValid) return Page();
        var result = await Api.AnonymousAsync((c, ct) => c.Api.V1.Identity.Recoveries.PostAsync(new StartRecoveryRequest { Login = Login!.Trim() }, cancellationToken: ct));
        if (!result.Ok)
        {
            AddProblem(result.Problem!, nameof(Login));
            return Page();
        }

        Response.Cookies.Append(Cookie, result.Value!.RecoveryId!.Value.ToString(), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps, MaxAge = TimeSpan.FromHours(1), Path = "/",
        });
        return Redirect("/recuperation/courriel");
    }

    public Task<IActionResult> OnPostEmailAsync() => StepAsync("courriel", Token, (c, id, value, ct) => c.Api.V1.Identity.Recoveries[id].Email.PostAsync(new RecoveryValueRequest { Value = value }, cancellationToken: ct), "code");

    public Task<IActionResult> OnPostCodeAsync() => StepAsync("code", Code?.Replace(" ", "", StringComparison.Ordinal), (c, id, value, ct) => c.Api.V1.Identity.Recoveries[id].Sms.PostAsync(new RecoveryValueRequest { Value = value }, cancellationToken: ct), "question");

    public Task<IActionResult> OnPostAnswerAsync() => StepAsync("question", Answer, (c, id, value, ct) => c.Api.V1.Identity.Recoveries[id].Answer.PostAsync(new RecoveryValueRequest { Value = value }, cancellationToken: ct), "envoye");

    private async Task<IActionResult> StepAsync(string step, string? value, Func<Client.UrssafApiClient, Guid, string, CancellationToken, Task<RecoveryProgress?>> call, string next)
    {
        Step = step;
        Question = TempData.Peek("RecoveryQuestion") as string;
        var field = step switch { "code" => nameof(Code), "question" => nameof(Answer), _ => "" };
        if (!Guid.TryParse(Request.Cookies[Cookie], out var id))
        {
            ModelState.AddModelError("", "Ouvrez ce lien dans le navigateur où vous avez demandé la réinitialisation, ou recommencez la demande.");
            return Page();
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            ModelState.AddModelError(field, step == "code" ? "Saisissez le code reçu par SMS." : step == "question" ? "Saisissez votre réponse." : "Ce lien est incomplet.");
            return Page();
        }

        var result = await Api.AnonymousAsync((c, ct) => call(c, id, value, ct));
        if (!result.Ok)
        {
            ModelState.AddModelError(field, result.Problem!.Code switch
            {
                "identity.recovery.value_invalid" => step == "question" ? "Cette réponse n'est pas la bonne." : step == "code" ? "Ce code n'est pas le bon, ou il a expiré." : "Ce lien n'est plus valable : recommencez la demande.",
                "identity.recovery.answer_blocked" => "Trop de réponses erronées : la réinitialisation est bloquée un moment.",
                // the API answers the same code for a wrong, expired or used secret (it tells nothing more): say it per step
                "identity.recovery.invalid" => step switch
                {
                    "question" => "Cette réponse n'est pas la bonne. Après trois erreurs, la réinitialisation est bloquée un moment.",
                    "code" => "Ce code n'est pas le bon, ou il a expiré.",
                    _ => "Ce lien n'est plus valable : recommencez la demande.",
                },
                "identity.recovery.out_of_order" => "Cette demande n'est plus valable : recommencez la réinitialisation.",
                _ => Urssaf.Web.Api.Messages.For(result.Problem),
            });
            return Page();
        }

        if (result.Value?.SecretQuestion is { } question) TempData["RecoveryQuestion"] = question;
        if (next == "envoye") Response.Cookies.Delete(Cookie);
        return Redirect("/recuperation/" + next);
    }
}
