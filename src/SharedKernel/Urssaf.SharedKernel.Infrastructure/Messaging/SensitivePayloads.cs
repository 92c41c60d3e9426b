using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Infrastructure.Security;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>
/// The content of a sensitive integration event (an activation or recovery link, a one-time code, a temporary password)
/// is sealed with <c>Messaging:PayloadKey</c> (AES-256-GCM, the message id as associated data) before its outbox or inbox
/// row is first written, so that it never reaches a database page, a WAL frame or a backup in clear; the relay copies
/// the sealed text, the inbox opens it in memory, and the row is erased once handled (ADR 0040).
/// </summary>
public sealed class SensitivePayloadProtector(AtRestProtector protector)
{
    public const string ConfigurationKey = "Messaging:PayloadKey";
    public const string KeyFileName = "messaging-payload.key";

    public string Seal(string content, Guid messageId) => protector.SealText(content, messageId.ToString("N"));

    public string Open(string content, Guid messageId) => protector.OpenText(content, messageId.ToString("N"));

    /// <summary>For a module's own sensitive text (e.g. a message body holding a code), bound to its row's id; a sealed text is left as it is.</summary>
    public string SealText(string text, string context) => AtRestProtector.IsSealed(text) ? text : protector.SealText(text, context);

    public string OpenText(string text, string context) => protector.OpenText(text, context);
}

/// <summary>
/// Seals sensitive outbox and inbox rows as they are added, whichever code path adds them. Its services are resolved at
/// the first save, so that a context built only to migrate needs neither the event registry nor the key.
/// </summary>
public sealed class SensitivePayloadInterceptor(IServiceProvider services) : BeforeSaveInterceptor
{
    private IntegrationEventTypeRegistry? _registry;
    private SensitivePayloadProtector? _payloads;

    protected override void BeforeSave(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries<MessageRow>())
        {
            if (entry.State != EntityState.Added) continue;
            var row = entry.Entity;
            if (AtRestProtector.IsSealed(row.Content)) continue;
            _registry ??= services.GetRequiredService<IntegrationEventTypeRegistry>();
            if (!_registry.IsSensitive(row.Type)) continue;
            _payloads ??= services.GetRequiredService<SensitivePayloadProtector>();
            row.Content = _payloads.Seal(row.Content, row.Id);
        }
    }
}
