using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;

namespace Urssaf.Web.Pages;

public sealed class ActivationSmsModel : WebPage
{
    protected override bool RequiresLogin => false;

    /// <summary>The registration's identifier (not a secret: the SMS code is the proof).</summary>
    [BindProperty(SupportsGet = true)] public Guid Inscription { get; set; }
    [BindProperty] public string? Code { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        Code = Code?.Replace(" ", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(Code) || Code.Length != 6 || !Code.All(char.IsAsciiDigit))
        {
            ModelState.AddModelError(nameof(Code), "Le code reçu par SMS comporte 6 chiffres.");
            return Page();
        }

        var result = await Api.AnonymousAsync((c, ct) => c.Api.V1.Identity.Activations.Sms.PostAsync(
            new ActivateSmsRequest { RegistrationId = Inscription, Code = Code }, cancellationToken: ct));
        if (!result.Ok)
        {
            AddProblem(result.Problem!, nameof(Code));
            return Page();
        }

        return RedirectToPage("/Activation/Active");
    }

    public async Task<IActionResult> OnPostResendAsync()
    {
        var result = await Api.AnonymousAsync<bool>(async (c, ct) =>
        {
            await c.Api.V1.Identity.Activations.Resend.PostAsync(new ResendActivationRequest { RegistrationId = Inscription, Channel = ActivationChannel.Sms }, cancellationToken: ct);
            return true;
        });
        if (!result.Ok) AddProblem(result.Problem!);
        else Flash = "Un nouveau code vient de vous être envoyé par SMS.";
        return result.Ok ? Redirect("/activation/sms?inscription=" + Inscription) : Page();
    }
}
