using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Notifications.Domain;

/// <summary>Upload limits of secure messages (ASVS 5.1.1, 5.2.1): documented here and in ADR 0100.</summary>
internal static class ThreadLimits
{
    public const int MaxFiles = 5;
    public const long MaxFileBytes = 10L * 1024 * 1024;
    public const int MaxBodyLength = 10_000;
    public const int MaxSubjectLength = 200;
    public const int MaxFileNameLength = 120;

    /// <summary>The route's request limit: five full files, the text and the multipart framing.</summary>
    public const long MaxRequestBytes = MaxFiles * MaxFileBytes + 1024 * 1024;
}

/// <summary>What a thread is about (API.md "Secure messaging"): the adviser queue is sorted by it.</summary>
internal static class ThreadTopics
{
    public const string Declaration = "declaration";
    public const string Payment = "payment";
    public const string Attestation = "attestation";
    public const string Account = "account";
    public const string Other = "other";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Declaration, Payment, Attestation, Account, Other };
}

internal enum ThreadStatus
{
    /// <summary>The entrepreneur wrote last: an adviser owes a reply.</summary>
    AwaitingAdviser,
    /// <summary>An adviser replied last.</summary>
    Answered,
    Closed,
}

internal enum MessageAuthor
{
    Entrepreneur,
    Adviser,
}

/// <summary>A conversation between one account and Urssaf advisers.</summary>
internal sealed class SecureThread
{
    private SecureThread() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    public string Topic { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public ThreadStatus Status { get; private set; }
    public string? AssignedTo { get; private set; }
    public DateTime OpenedOnUtc { get; private set; }
    public DateTime LastMessageOnUtc { get; private set; }
    /// <summary>Since when the entrepreneur waits for a reply (null when an adviser wrote last or the thread is closed).</summary>
    public DateTime? AwaitingSinceUtc { get; private set; }
    public DateTime? ClosedOnUtc { get; private set; }
    /// <summary>Optimistic concurrency: two advisers closing or assigning at once, only one wins.</summary>
    public int Version { get; private set; }

    public static SecureThread Open(AccountId account, string topic, string subject, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), AccountId = account, Topic = topic, Subject = subject, Status = ThreadStatus.AwaitingAdviser,
        OpenedOnUtc = now, LastMessageOnUtc = now, AwaitingSinceUtc = now,
    };

    public void EntrepreneurWrote(DateTime now)
    {
        LastMessageOnUtc = now;
        if (Status != ThreadStatus.AwaitingAdviser) AwaitingSinceUtc = now;
        Status = ThreadStatus.AwaitingAdviser;
        Version++;
    }

    public void AdviserWrote(string? adviser, DateTime now)
    {
        LastMessageOnUtc = now;
        Status = ThreadStatus.Answered;
        AwaitingSinceUtc = null;
        AssignedTo ??= adviser;
        Version++;
    }

    public void Assign(string adviser)
    {
        AssignedTo = adviser;
        Version++;
    }

    public void Close(DateTime now)
    {
        Status = ThreadStatus.Closed;
        ClosedOnUtc = now;
        AwaitingSinceUtc = null;
        Version++;
    }
}

internal sealed class ThreadMessage
{
    public Guid Id { get; set; }
    public Guid ThreadId { get; set; }
    public MessageAuthor Author { get; set; }
    /// <summary>The adviser's name as the back office gave it; null for the entrepreneur.</summary>
    public string? AdviserName { get; set; }
    public string Body { get; set; } = "";
    public DateTime SentOnUtc { get; set; }
    /// <summary>When the owner first opened the thread with this adviser's message in it; null: unread (always null for her own).</summary>
    public DateTime? ReadByOwnerOnUtc { get; set; }
}

/// <summary>A checked file stored outside the database (<see cref="StorageName"/> under the data directory), found by its SHA-256.</summary>
internal sealed class ThreadAttachment
{
    public Guid Id { get; set; }
    public Guid ThreadId { get; set; }
    public Guid MessageId { get; set; }
    /// <summary>The cleaned original name: metadata only, never a path.</summary>
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    /// <summary>The server-generated relative path (<c>attachments/yyyy/MM/&lt;id&gt;</c>).</summary>
    public string StorageName { get; set; } = "";
}

internal enum CorrectionStatus
{
    Requested,
    Accepted,
    Refused,
}

/// <summary>A request, carried by a "declaration" thread, to correct a period after its due date; only an adviser can accept it.</summary>
internal sealed class LateCorrectionRequest
{
    public Guid Id { get; set; }
    public Guid ThreadId { get; set; }
    public AccountId AccountId { get; set; }
    public string Period { get; set; } = "";
    /// <summary>The corrected lines, as <c>category:turnover</c> pairs separated by <c>;</c> (whole euros).</summary>
    public string Lines { get; set; } = "";
    public string Reason { get; set; } = "";
    public CorrectionStatus Status { get; set; }
    public DateTime RequestedOnUtc { get; set; }
    public DateTime? DecidedOnUtc { get; set; }
    public string? DecidedBy { get; set; }
}

/// <summary>Notifications' copy of what decides which regulatory notices concern an enterprise, from Identity's EnterpriseProfileChanged.</summary>
internal sealed class AudienceProfile
{
    public string Siret { get; set; } = "";
    public Urssaf.SharedKernel.Enterprise.ActivityCategory Category { get; set; }
    public string Department { get; set; } = "";
    public Urssaf.SharedKernel.Enterprise.DeclarationFrequency Frequency { get; set; }
}

/// <summary>
/// A notice of regulatory change. It concerns every account when <see cref="All"/>; otherwise the accounts matching each
/// list that is not empty (categories, departments, frequencies: comma-separated API values).
/// </summary>
internal sealed class RegulatoryNotice
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    public DateOnly EffectiveOn { get; set; }
    public bool All { get; set; }
    public string Categories { get; set; } = "";
    public string Departments { get; set; } = "";
    public string Frequencies { get; set; } = "";
    public DateTime PublishedOnUtc { get; set; }
    /// <summary>Set on notices made from the rate data (<c>rate:&lt;category&gt;:&lt;date&gt;</c>): unique, so a change is announced once.</summary>
    public string? SourceKey { get; set; }

    /// <summary>The official text or page explaining the change (https), shown with the notice; null when none was given.</summary>
    public string? Link { get; set; }

    public bool Concerns(AudienceProfile? profile)
    {
        if (All) return true;
        if (profile is null) return false;
        return In(Categories, System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(profile.Category.ToString()))
               && In(Departments, profile.Department)
               && In(Frequencies, profile.Frequency.ToString().ToLowerInvariant());

        static bool In(string list, string value) => list.Length == 0 || list.Split(',').Contains(value, StringComparer.Ordinal);
    }
}
