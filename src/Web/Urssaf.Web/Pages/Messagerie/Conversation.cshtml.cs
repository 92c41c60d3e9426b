using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;
using Urssaf.Web.Api;

namespace Urssaf.Web.Pages;

/// <summary>A thread: its messages and files (downloaded through the web side), and a reply with up to 5 files (API limits).</summary>
[RequestSizeLimit(MaxFiles * MaxFileBytes + 1024 * 1024)] // on the page (Razor Pages ignore it on a handler): the host's 1 MiB default would refuse files
[RequestFormLimits(MultipartBodyLengthLimit = MaxFiles * MaxFileBytes + 1024 * 1024)]
public sealed class ConversationModel : WebPage
{
    private const int MaxFiles = 5;
    private const long MaxFileBytes = 10L * 1024 * 1024;
    private static readonly string[] Extensions = [".pdf", ".jpg", ".jpeg", ".png"];

    public ThreadResponse? Thread { get; private set; }

    [BindProperty] public string? Reponse { get; set; }
    [BindProperty] public List<IFormFile> Fichiers { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid threadId) => await LoadAsync(threadId) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid threadId)
    {
        Required(nameof(Reponse), Reponse, "Saisissez votre message.");
        if (Reponse is { Length: > 10_000 }) ModelState.AddModelError(nameof(Reponse), "Votre message est trop long (10 000 caractères au plus).");
        var files = Fichiers.Where(f => f.Length > 0).ToList();
        if (files.Count > MaxFiles) ModelState.AddModelError(nameof(Fichiers), "Joignez 5 fichiers au plus.");
        if (files.Any(f => f.Length > MaxFileBytes)) ModelState.AddModelError(nameof(Fichiers), "Chaque fichier doit faire 10 Mo au plus.");
        if (files.Any(f => !Extensions.Contains(Path.GetExtension(f.FileName).ToLowerInvariant())))
            ModelState.AddModelError(nameof(Fichiers), "Seuls les fichiers PDF, JPEG et PNG sont acceptés.");
        if (ModelState.IsValid)
        {
            var uploads = files.Select(f => new ThreadMessages.Upload(Path.GetFileName(f.FileName), f.ContentType, f.OpenReadStream())).ToList();
            try
            {
                var result = await Api.CallAsync((_, ct) => ThreadMessages.PostAsync(Api.Adapter, threadId, Reponse!.Trim(), uploads, ct));
                if (result.Ok)
                {
                    Flash = files.Count == 0 ? "Votre message est envoyé." : $"Votre message est envoyé avec {files.Count} pièce{(files.Count > 1 ? "s" : "")} jointe{(files.Count > 1 ? "s" : "")}.";
                    return Redirect($"/messagerie/{threadId}#dernier");
                }

                AddProblem(result.Problem!, nameof(Reponse), nameof(Fichiers));
            }
            finally
            {
                foreach (var u in uploads) await u.Content.DisposeAsync();
            }
        }

        if (files.Count > 0 && !ModelState.IsValid)
            ModelState.AddModelError(nameof(Fichiers), "Par sécurité, le navigateur ne garde pas les fichiers choisis : joignez-les à nouveau.");
        return await LoadAsync(threadId) ? Page() : NotFound();
    }

    /// <summary>A file of the thread, downloaded as an attachment with the name and type the API recorded.</summary>
    public async Task<IActionResult> OnGetPieceJointeAsync(Guid threadId, Guid attachmentId)
    {
        if (!await LoadAsync(threadId)) return NotFound();
        var attachment = Thread!.Messages?.SelectMany(m => m.Attachments ?? []).FirstOrDefault(a => a.AttachmentId == attachmentId);
        if (attachment is null) return NotFound();
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Notifications.Attachments[attachmentId].GetAsync(cancellationToken: ct));
        if (!result.Ok || result.Value is null) return NotFound();
        var bytes = new MemoryStream();
        await result.Value.CopyToAsync(bytes, HttpContext.RequestAborted);
        return File(bytes.ToArray(), attachment.ContentType ?? "application/octet-stream", attachment.FileName ?? "piece-jointe");
    }

    private async Task<bool> LoadAsync(Guid threadId)
    {
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Notifications.Threads[threadId].GetAsync(cancellationToken: ct));
        Thread = result.Value;
        return result.Ok && Thread is not null;
    }
}
