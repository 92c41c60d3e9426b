using Urssaf.Modules.Notifications.Domain;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Notifications.Features.Threads;

/// <summary>The problems of secure messaging; each code has its help entry in the support catalog.</summary>
internal static class ThreadErrors
{
    public static readonly Error NotFound = Error.NotFound("notifications.thread.not_found", "No such thread for this account.");
    public static readonly Error AttachmentNotFound = Error.NotFound("notifications.attachment.not_found", "No such attachment for this account.");
    public static readonly Error Closed = Error.Conflict("notifications.thread.closed", "This thread is closed: open a new one to write again.");
    public static readonly Error Changed = Error.Conflict("notifications.thread.changed", "The thread changed at the same time; read it again and retry.");
    public static readonly Error MultipartRequired = new("notifications.message.multipart_required",
        "Send the message as multipart/form-data with a 'body' field and up to 5 'files'.", ErrorKind.Validation, "body");
    public static readonly Error MalformedMultipart = Error.Validation("notifications.message.malformed", "The multipart body could not be read.", "body");
    public static readonly Error BodyRequired = Error.Validation("notifications.message.body_required", "The message text is empty.", "body");
    public static readonly Error BodyTooLong = Error.Validation("notifications.message.body_too_long",
        $"The message text is at most {ThreadLimits.MaxBodyLength} characters.", "body");
    public static readonly Error TooManyFiles = Error.Validation("notifications.attachment.too_many",
        $"A message carries at most {ThreadLimits.MaxFiles} files.", "files");

    /// <summary>413 (ASVS 5.2.1): a file passed the limit while it streamed.</summary>
    public static readonly Error FileTooLarge = new("notifications.attachment.too_large",
        $"A file is at most {ThreadLimits.MaxFileBytes / (1024 * 1024)} MB.", ErrorKind.Validation, "files");

    /// <summary>415 (ASVS 5.2.2): the bytes are not a well-formed PDF, PNG or JPEG, whatever the name says.</summary>
    public static Error FileTypeNotAllowed(string fileName) => new Error("notifications.attachment.type_not_allowed",
        $"'{fileName}' is not a PDF, PNG or JPEG file (checked on its content).", ErrorKind.Validation, "files");

    public static readonly Error NoCorrectionOnTopic = Error.Rule("notifications.correction.wrong_topic",
        "A late correction is requested in a thread of topic 'declaration'.");
    public static readonly Error CorrectionNotFiled = Error.Rule("notifications.correction.not_filed",
        "This period has no filed declaration to correct.");
    public static readonly Error CorrectionNotLate = Error.Rule("notifications.correction.not_late",
        "This period is still before its due date: correct the declaration directly.");
    public static readonly Error CorrectionPending = Error.Conflict("notifications.correction.pending",
        "A correction request is already waiting for this period.");
    public static readonly Error CorrectionNotFound = Error.NotFound("notifications.correction.not_found", "No pending correction request in this thread.");
}

internal static class ThreadProblems
{
    /// <summary>As <c>ToProblem</c>, except an oversized file (413) and a refused file type (415) keep their own status.</summary>
    public static Microsoft.AspNetCore.Http.IResult ToThreadProblem(this Error error) => error.Code switch
    {
        "notifications.attachment.too_large" => Urssaf.SharedKernel.Infrastructure.Http.ProblemResults.Problem(413, error.Code, error.Message),
        "notifications.attachment.type_not_allowed" => Urssaf.SharedKernel.Infrastructure.Http.ProblemResults.Problem(415, error.Code, error.Message),
        _ => Urssaf.SharedKernel.Infrastructure.Http.ProblemResults.ToProblem(error),
    };
}
