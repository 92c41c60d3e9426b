using System.Globalization;
using System.Net;

namespace Urssaf.Modules.Notifications.Domain;

/// <summary>A rendered e-mail: subject, plain text and HTML.</summary>
internal sealed record EmailContent(string Subject, string Text, string Html);

/// <summary>The French messages of the service. Dynamic values are HTML-encoded; personal data is masked where not needed.</summary>
internal static class Templates
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static EmailContent ActivationEmail(string firstName, string link, DateTime expiresUtc) => Email(
        "Activez votre compte Urssaf auto-entrepreneur",
        $"Bonjour {firstName},",
        [
            "Pour activer votre compte, ouvrez le lien ci-dessous :",
            link,
            $"Ce lien est valable jusqu'au {Local(expiresUtc)} et ne peut servir qu'une fois.",
            "Un code vous a aussi été envoyé par SMS : les deux étapes sont nécessaires.",
            "Si vous n'êtes pas à l'origine de cette inscription, ignorez ce message.",
        ],
        link, "Activer mon compte");

    public static string ActivationSms(string code) =>
        $"Urssaf : votre code d'activation est {code}. Il est valable 10 minutes. Ne le communiquez à personne.";

    public static EmailContent RecoveryEmail(string firstName, string link, DateTime expiresUtc) => Email(
        "Récupération de l'accès à votre compte Urssaf",
        $"Bonjour {firstName},",
        [
            "Vous avez demandé à récupérer l'accès à votre compte. Première étape : ouvrez le lien ci-dessous.",
            link,
            $"Ce lien est valable jusqu'au {Local(expiresUtc)}. Un code vous est aussi envoyé par SMS, puis votre question secrète vous sera posée.",
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.",
        ],
        link, "Récupérer l'accès à mon compte");

    public static string RecoverySms(string code) =>
        $"Urssaf : code de récupération de votre compte : {code}. Valable 10 minutes. Ne le communiquez à personne.";

    public static string TemporaryPasswordFirstHalf(string half) =>
        $"Urssaf : première moitié de votre mot de passe temporaire : {half} (la seconde vous est envoyée par e-mail). Valable 15 minutes.";

    public static EmailContent TemporaryPasswordSecondHalf(string firstName, string half, DateTime expiresUtc) => Email(
        "Votre mot de passe temporaire (seconde moitié)",
        $"Bonjour {firstName},",
        [
            $"Voici la seconde moitié de votre mot de passe temporaire : {half}",
            "La première moitié vous a été envoyée par SMS : saisissez les deux à la suite.",
            $"Ce mot de passe ne sert qu'une fois, jusqu'au {Local(expiresUtc)}, et seulement pour choisir un nouveau mot de passe.",
        ]);

    public static EmailContent PasswordChanged(string firstName) => Email(
        "Votre mot de passe a été modifié",
        $"Bonjour {firstName},",
        [
            "Le mot de passe de votre compte vient d'être modifié et toutes vos sessions ont été fermées.",
            "Si vous n'êtes pas à l'origine de ce changement, récupérez votre accès sans attendre et contactez l'Urssaf.",
        ]);

    public static EmailContent DataExportReady(string firstName, DateTime expiresAtUtc) => Email(
        "Votre copie de données est prête",
        $"Bonjour {firstName},",
        [
            "La copie de vos données que vous avez demandée est prête : téléchargez-la depuis votre espace, rubrique « Mes données ».",
            $"Elle reste disponible jusqu'au {Local(expiresAtUtc)}, puis elle est supprimée.",
        ]);

    public static EmailContent SuspiciousLogin(string firstName, DateTime atUtc, string? device) => Email(
        "Nouvelle connexion à votre compte après des échecs",
        $"Bonjour {firstName},",
        [
            $"Une connexion à votre compte a réussi le {Local(atUtc)} depuis un appareil inconnu ({device ?? "appareil non identifié"}), après des tentatives échouées.",
            "Si c'était vous, vous n'avez rien à faire. Sinon, changez votre mot de passe et consultez votre journal de connexions.",
        ]);

    public static EmailContent PasskeyChanged(string firstName, string change, string passkeyName, DateTime atUtc) => change switch
    {
        "added" => Email("Une clé d'accès a été ajoutée à votre compte", $"Bonjour {firstName},",
        [
            $"La clé d'accès « {passkeyName} » a été ajoutée à votre compte le {Local(atUtc)}.",
            "Si ce n'était pas vous, supprimez-la depuis votre espace, changez votre mot de passe et contactez l'Urssaf (3957).",
        ]),
        "removed" => Email("Une clé d'accès a été supprimée de votre compte", $"Bonjour {firstName},",
        [
            $"La clé d'accès « {passkeyName} » a été supprimée de votre compte le {Local(atUtc)} : elle ne permet plus de vous connecter.",
            "Si ce n'était pas vous, changez votre mot de passe et contactez l'Urssaf (3957).",
        ]),
        _ => Email("Connexion refusée : votre clé d'accès a peut-être été copiée", $"Bonjour {firstName},",
        [
            $"Le {Local(atUtc)}, une connexion avec la clé d'accès « {passkeyName} » a été refusée : son compteur de signatures est revenu en arrière, signe qu'une copie de la clé est utilisée.",
            "Supprimez cette clé d'accès depuis votre espace, puis enregistrez-en une nouvelle. Si vous avez un doute, contactez l'Urssaf (3957).",
        ]),
    };

    public static EmailContent RegistrationNotOpened(string firstName) => Email(
        "Votre inscription n'a pas pu aboutir",
        $"Bonjour {firstName},",
        [
            "Une demande d'inscription a été faite avec cette adresse e-mail, mais elle n'a pas permis d'ouvrir un compte : " +
            "l'identité saisie (numéro de sécurité sociale et nom) ne correspond pas à celle que le centre de formalités des entreprises " +
            "a transmise pour ce SIRET, ou un compte existe déjà pour ce SIRET, ce numéro ou cette adresse.",
            "Si vous avez déjà un compte, connectez-vous ou utilisez « mot de passe oublié ». Sinon, vérifiez votre numéro de sécurité " +
            "sociale et votre nom de naissance ou d'usage, puis recommencez.",
            "Si vos informations sont exactes, contactez l'Urssaf au 3957 (service gratuit + prix d'un appel).",
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.",
        ]);

    public static EmailContent VerificationCodeEmail(string firstName, string code, string purpose, DateTime expiresUtc) => Email(
        purpose == "channel_recovery" ? "Votre code pour retrouver l'accès à votre compte" : "Votre code pour confirmer votre nouvelle adresse",
        $"Bonjour {firstName},",
        [
            $"Votre code de vérification est {code}. Il est valable jusqu'au {Local(expiresUtc)} et ne peut servir qu'une fois.",
            purpose == "channel_recovery"
                ? "Saisissez-le pour transmettre votre demande à un conseiller, qui l'examinera avant tout changement."
                : "Saisissez-le dans votre espace pour que cette adresse devienne celle de votre compte.",
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message et ne communiquez ce code à personne.",
        ]);

    public static string VerificationCodeSms(string code, string purpose) => purpose == "channel_recovery"
        ? $"Urssaf : code pour retrouver l'accès à votre compte : {code}. Valable 10 minutes. Ne le communiquez à personne."
        : $"Urssaf : code de confirmation de votre changement de coordonnées : {code}. Valable 10 minutes. Ne le communiquez à personne.";

    private static string ChangeName(string change) => change switch
    {
        "email" => "adresse e-mail",
        "phone" => "numéro de téléphone mobile",
        _ => "question secrète",
    };

    public static EmailContent ContactChanged(string firstName, string change, string cancelLink, DateTime cancelExpiresUtc) => Email(
        $"Votre {ChangeName(change)} a été modifiée",
        $"Bonjour {firstName},",
        [
            $"La {ChangeName(change)} de votre compte Urssaf vient d'être modifiée.",
            "Si vous n'êtes pas à l'origine de ce changement, ouvrez le lien ci-dessous : il annule le changement et ferme toutes les sessions de votre compte.",
            cancelLink,
            $"Ce lien est valable jusqu'au {Local(cancelExpiresUtc)}. Vous récupérerez ensuite l'accès par « mot de passe oublié ».",
        ],
        cancelLink, "Ce n'était pas moi : annuler ce changement");

    public static string ContactChangedSms(string change, string cancelLink) =>
        $"Urssaf : le {ChangeName(change)} de votre compte a été modifié. Pas vous ? Annulez : {cancelLink}";

    public static EmailContent ContactChangeCancelled(string firstName, string change) => Email(
        "Le changement de vos coordonnées a été annulé",
        $"Bonjour {firstName},",
        [
            $"Comme vous l'avez demandé, la modification de votre {ChangeName(change)} a été annulée et toutes les sessions de votre compte ont été fermées.",
            "Votre mot de passe, connu de l'auteur du changement, a été désactivé : choisissez-en un nouveau avec « mot de passe oublié » " +
            "(un lien par e-mail, un code par SMS, puis votre question secrète). En cas de doute, contactez l'Urssaf (3957).",
        ]);

    public static EmailContent ChannelRestored(string firstName, string change) => Email(
        $"Votre {ChangeName(change)} a été remplacée après examen",
        $"Bonjour {firstName},",
        [
            $"Un conseiller a accepté votre demande : votre {ChangeName(change)} a été remplacée et toutes les sessions de votre compte ont été fermées.",
            "Vous pouvez vous reconnecter. Si vous n'êtes pas à l'origine de cette demande, contactez l'Urssaf sans attendre (3957).",
        ]);

    public static EmailContent ChannelRecoveryUnderReview(string firstName) => Email(
        "Une demande de remplacement de cette adresse est en cours d'examen",
        $"Bonjour {firstName},",
        [
            "Quelqu'un a prouvé votre identité et demandé à remplacer cette adresse e-mail, déclarée perdue, sur votre compte Urssaf.",
            "Un conseiller va examiner la demande. Si vous n'en êtes pas l'auteur, appelez l'Urssaf au 3957 sans attendre : la demande sera refusée.",
        ]);

    public static EmailContent ChannelRecoveryRefused(string firstName) => Email(
        "Votre demande de changement de coordonnées n'a pas été acceptée",
        $"Bonjour {firstName},",
        [
            "Un conseiller a examiné votre demande de remplacement d'une adresse e-mail ou d'un numéro de téléphone perdu : elle n'a pas pu être acceptée.",
            "Vos coordonnées restent inchangées. Pour en savoir plus, contactez l'Urssaf au 3957 ou écrivez-nous depuis votre espace.",
        ]);

    public static EmailContent RegistrationAttempt(string firstName) => Email(
        "Tentative d'inscription avec vos identifiants",
        $"Bonjour {firstName},",
        [
            "Quelqu'un a tenté de créer un compte avec votre SIRET, votre numéro de sécurité sociale ou votre adresse e-mail.",
            "Votre compte existe déjà : aucun nouveau compte n'a été créé.",
            "Si c'était vous, connectez-vous avec vos identifiants habituels ou réinitialisez votre mot de passe.",
        ]);

    public static EmailContent DelegationGranted(string firstName, string thirdParty, IReadOnlyList<string> scopes, DateOnly? expiresOn) => Email(
        $"Vous avez donné accès à votre compte à {thirdParty}",
        $"Bonjour {firstName},",
        [
            $"{thirdParty} peut désormais agir pour vous sur votre compte Urssaf, dans ces limites : {string.Join(", ", scopes)}.",
            expiresOn is { } end ? $"Cet accès prend fin le {end.ToString("d MMMM yyyy", French)}." : "Cet accès dure jusqu'à ce que vous le retiriez.",
            "Vous pouvez consulter ce que ce tiers fait et retirer son accès à tout moment dans votre espace, rubrique Délégations.",
            "Si vous n'êtes pas à l'origine de cette délégation, retirez-la et changez votre mot de passe.",
        ]);

    public static EmailContent DelegationFirstUsed(string firstName, string thirdParty, DateTime atUtc) => Email(
        $"{thirdParty} a utilisé son accès à votre compte",
        $"Bonjour {firstName},",
        [
            $"{thirdParty} a agi pour la première fois sur votre compte Urssaf le {Local(atUtc)}.",
            "Le détail de ses opérations est visible dans votre espace, rubrique Délégations.",
        ]);

    public static EmailContent AccountLocked(string firstName, DateTime untilUtc) => Email(
        "Votre accès par mot de passe est temporairement bloqué",
        $"Bonjour {firstName},",
        [
            "Dix tentatives de connexion consécutives ont échoué sur votre compte.",
            $"Par sécurité, la connexion par mot de passe est bloquée jusqu'au {Local(untilUtc)}.",
            "Si ce n'était pas vous, changez votre mot de passe dès que possible.",
        ]);

    public static EmailContent DeclarationReceipt(string firstName, string period, DateTime submittedUtc, long turnover, long socialCents,
        long trainingCents, long chamberCents, long incomeTaxCents, long totalCents, DateOnly dueDate, bool corrected,
        (DateOnly On, long Cents, string Rum, string MaskedIban)? automaticDebit = null) => Email(
        corrected ? $"Correction de votre déclaration {period}" : $"Accusé de réception de votre déclaration {period}",
        $"Bonjour {firstName},",
        [
            $"Nous avons bien reçu {(corrected ? "la correction de " : "")}votre déclaration de chiffre d'affaires pour la période {period}, le {Local(submittedUtc)}.",
            $"Chiffre d'affaires déclaré : {Euros(turnover * 100)}",
            $"Cotisations sociales : {Euros(socialCents)}",
            $"Contribution à la formation professionnelle : {Euros(trainingCents)}",
            $"Taxe pour frais de chambre consulaire : {Euros(chamberCents)}",
            $"Versement libératoire de l'impôt sur le revenu : {Euros(incomeTaxCents)}",
            $"Total à payer : {Euros(totalCents)}, au plus tard le {dueDate.ToString("d MMMM yyyy", French)}.",
            // SEPA rulebook pre-notification of the automatic debit: amount, date, mandate reference
            .. (automaticDebit is { } d
                ? [$"Prélèvement automatique : {Euros(d.Cents)} seront prélevés le {d.On.ToString("d MMMM yyyy", French)} sur le compte {d.MaskedIban} (mandat {d.Rum}). Vous n'avez rien d'autre à faire."]
                : Array.Empty<string>()),
        ]);

    public static string DeadlineReminderSubject(string period, DateOnly dueDate, int daysBefore) =>
        daysBefore == 1 ? $"Dernier jour demain pour déclarer {period}" : $"Rappel : déclaration {period} à faire avant le {dueDate.ToString("d MMMM", French)}";

    public static EmailContent DeadlineReminder(string firstName, string period, DateOnly dueDate, int daysBefore) => Email(
        DeadlineReminderSubject(period, dueDate, daysBefore),
        $"Bonjour {firstName},",
        [
            $"Votre déclaration de chiffre d'affaires pour la période {period} est attendue au plus tard le {dueDate.ToString("d MMMM yyyy", French)}.",
            "Même sans chiffre d'affaires, la déclaration est obligatoire (déclarez 0 €).",
            "Un retard entraîne une majoration (article R613-9 du code de la sécurité sociale).",
        ]);

    public static string DeadlineReminderSms(string period, DateOnly dueDate) =>
        $"Urssaf : pensez à déclarer votre chiffre d'affaires {period} avant le {dueDate.ToString("d MMMM", French)} (même à 0 €).";

    public static EmailContent PaymentReceived(string firstName, string period, long cents, string method, DateOnly receivedOn) => Email(
        $"Paiement reçu pour la période {period}",
        $"Bonjour {firstName},",
        [
            $"Nous avons reçu votre paiement de {Euros(cents)} par {MethodName(method)} le {receivedOn.ToString("d MMMM yyyy", French)}, pour la période {period}.",
            "Le reçu est disponible dans vos documents.",
        ]);

    public static EmailContent DirectDebitReturned(string firstName, string period, long cents, string reason, bool mandateRevoked) => Email(
        $"Votre prélèvement pour la période {period} a été rejeté",
        $"Bonjour {firstName},",
        [
            $"Votre banque a rejeté le prélèvement de {Euros(cents)} pour la période {period} (motif {reason} : {ReturnReason(reason)}).",
            "Cette somme reste due : payez-la par virement ou par un nouveau prélèvement pour éviter les majorations de retard (article R243-16 du code de la sécurité sociale).",
            mandateRevoked ? "Ce mandat ne peut plus être utilisé ; enregistrez un nouveau compte bancaire si besoin." : "Votre mandat reste valable.",
        ]);

    /// <summary>A payment plan's decision or default (CSS R243-21), with its amounts.</summary>
    public static EmailContent PlanChanged(string firstName, string status, long totalCents, int instalments, long firstInstalmentCents,
        DateOnly? nextDueDate, string? note, long restDueCents)
    {
        var first = nextDueDate is { } d ? $", la première de {Euros(firstInstalmentCents)} le {d.ToString("d MMMM yyyy", French)}" : "";
        string[] paragraphs = status switch
        {
            "approved" =>
            [
                $"Votre demande d'échéancier est acceptée : {Euros(totalCents)} en {instalments} échéance(s) mensuelle(s) prélevée(s){first}.",
                "Tant que vous respectez l'échéancier, votre compte est considéré à jour pour l'attestation de vigilance et les majorations cessent de courir sur les sommes couvertes.",
            ],
            "counter_proposed" =>
            [
                $"Nous vous proposons un autre échéancier pour {Euros(totalCents)} : {instalments} échéance(s) mensuelle(s){first}.",
                .. (note is null ? Array.Empty<string>() : [$"Message de votre conseiller : {note}"]),
                "Acceptez-le depuis votre espace en ligne pour qu'il prenne effet ; sans votre accord, les sommes restent dues.",
            ],
            "refused" =>
            [
                $"Votre demande d'échéancier pour {Euros(totalCents)} n'est pas acceptée.",
                .. (note is null ? Array.Empty<string>() : [$"Motif : {note}"]),
                "Les sommes restent dues : payez-les au plus vite pour limiter les majorations (article R243-16 du code de la sécurité sociale), ou écrivez-nous depuis la messagerie.",
            ],
            _ =>
            [
                "Une échéance de votre échéancier a été rejetée deux fois : l'échéancier prend fin.",
                $"Le reste, {Euros(restDueCents)}, est dû immédiatement ; les majorations de retard courent à nouveau (article R243-16 du code de la sécurité sociale).",
                "Payez par virement, carte ou prélèvement depuis votre espace en ligne.",
            ],
        };
        var subject = status switch
        {
            "approved" => "Votre échéancier est accepté",
            "counter_proposed" => "Une proposition d'échéancier vous attend",
            "refused" => "Votre demande d'échéancier est refusée",
            _ => "Votre échéancier a pris fin : le reste est dû",
        };
        return Email(subject, $"Bonjour {firstName},", paragraphs);
    }

    /// <summary>The one reminder after a returned instalment (CSS R243-21): the date of its second presentation.</summary>
    public static EmailContent PlanInstalmentReturned(string firstName, int number, long cents, string reason, DateOnly presentedAgainOn) => Email(
        $"Échéance {number} de votre échéancier rejetée : nouvelle présentation le {presentedAgainOn.ToString("d MMMM", French)}",
        $"Bonjour {firstName},",
        [
            $"Votre banque a rejeté le prélèvement de l'échéance {number} ({Euros(cents)}, motif {reason} : {ReturnReason(reason)}).",
            $"Il sera présenté à nouveau le {presentedAgainOn.ToString("d MMMM yyyy", French)} : assurez-vous que votre compte est approvisionné.",
            "Un second rejet met fin à l'échéancier : le reste deviendrait dû immédiatement.",
        ]);

    public static EmailContent PenaltyNotice(string firstName, string kind, string period, long cents, long previousCents, DateOnly dueDate, string legalReference) =>
        kind == "flat_rate_taxation" ? FlatRateTaxationNotice(firstName, period, cents, previousCents, dueDate) : Email(
        kind == "late_declaration" ? $"Pénalité de retard de déclaration ({period})" : $"Majorations de retard de paiement ({period})",
        $"Bonjour {firstName},",
        [
            kind == "late_declaration"
                ? $"Votre déclaration de la période {period} n'a pas été déposée à la date limite. Une pénalité de {Euros(cents)} s'applique (article {LegalArticle(legalReference)} du code de la sécurité sociale)."
                : $"Les cotisations de la période {period} n'ont pas été payées à leur échéance. Les majorations de retard s'élèvent à {Euros(cents)}"
                  + (previousCents > 0 ? $" (contre {Euros(previousCents)} précédemment)" : "")
                  + $" : 5 % puis 0,2 % par mois ou fraction de mois de retard (article {LegalArticle(legalReference)} du code de la sécurité sociale).",
            $"Somme à régler au plus tard le {dueDate.ToString("d MMMM yyyy", French)}.",
            "Une remise peut être demandée une fois les cotisations payées (article R243-20 du code de la sécurité sociale).",
        ]);

    /// <summary>CSS R613-10: the notice of the year-end flat-rate taxation of a missing declaration, and of its replacement.</summary>
    private static EmailContent FlatRateTaxationNotice(string firstName, string period, long cents, long previousCents, DateOnly dueDate) => cents > 0
        ? Email($"Taxation forfaitaire de vos cotisations ({period})", $"Bonjour {firstName},",
        [
            $"Votre déclaration de chiffre d'affaires de la période {period} manquait encore à la dernière échéance de l'année. Vos cotisations de cette période sont calculées forfaitairement : {Euros(cents)} (article R613-10 du code de la sécurité sociale).",
            $"Somme à régler au plus tard le {dueDate.ToString("d MMMM yyyy", French)}.",
            "Déclarez votre chiffre d'affaires réel : les cotisations calculées sur ce chiffre d'affaires remplaceront ce montant, et la pénalité de cette déclaration sera ramenée à 3 % des cotisations dues.",
        ])
        : Email($"Taxation forfaitaire remplacée ({period})", $"Bonjour {firstName},",
        [
            $"Votre déclaration de la période {period} remplace la taxation forfaitaire de {Euros(previousCents)} : seules les cotisations déclarées sont dues (article R613-10 du code de la sécurité sociale).",
        ]);

    /// <summary>The outcome of a request for remission of majorations (CSS R243-20).</summary>
    public static EmailContent RemissionDecision(string firstName, string period, bool granted, long grantedCents, long remainingCents, string? note) => Email(
        granted ? $"Remise de majorations accordée ({period})" : $"Remise de majorations refusée ({period})",
        $"Bonjour {firstName},",
        [
            granted
                ? $"Votre demande de remise des majorations de retard de la période {period} est acceptée : {Euros(grantedCents)} sont remis (article R243-20 du code de la sécurité sociale)."
                : $"Votre demande de remise des majorations de retard de la période {period} n'est pas acceptée (article R243-20 du code de la sécurité sociale).",
            remainingCents > 0 ? $"Reste dû au titre des majorations : {Euros(remainingCents)}." : "Il ne reste rien à payer au titre de ces majorations.",
            .. (note is { Length: > 0 } ? new[] { $"Motif : {note}" } : []),
        ]);

    public static EmailContent AttestationIssued(string firstName, bool provisional, DateOnly validUntil) => Email(
        provisional ? "Votre attestation de vigilance provisoire est disponible" : "Votre attestation de vigilance est disponible",
        $"Bonjour {firstName},",
        [
            $"Votre attestation de vigilance{(provisional ? " provisoire" : "")} est disponible dans vos documents. Elle est valable jusqu'au {validUntil.ToString("d MMMM yyyy", French)}.",
            "Vos clients peuvent en vérifier l'authenticité en ligne avec le code de sécurité qui y figure.",
        ]);

    public static EmailContent MandateSigned(string firstName, string maskedIban, string rum) => Email(
        "Un mandat de prélèvement a été enregistré sur votre compte",
        $"Bonjour {firstName},",
        [
            $"Un mandat de prélèvement SEPA (référence {rum}) a été signé pour le compte bancaire {maskedIban}.",
            "Si vous n'êtes pas à l'origine de ce changement, révoquez ce mandat et changez votre mot de passe immédiatement.",
        ]);

    private static string MethodName(string method) => method switch
    {
        "sepa_debit" => "prélèvement SEPA",
        "transfer" => "virement",
        _ => "carte bancaire",
    };

    /// <summary>The ISO 20022 return reasons a debtor's bank gives most.</summary>
    private static string ReturnReason(string code) => code switch
    {
        "AM04" => "provision insuffisante",
        "AC04" => "compte clôturé",
        "AC06" => "compte bloqué",
        "MD01" => "pas de mandat",
        "MD06" => "remboursement demandé par le débiteur",
        "MS02" => "refus du débiteur",
        "MD07" => "débiteur décédé",
        _ => "rejet bancaire",
    };

    private static string LegalArticle(string reference) => reference.Replace("CSS ", "", StringComparison.Ordinal);

    /// <summary>No content, no subject of the thread: only that a message is waiting in the account (ADR 0100).</summary>
    public static EmailContent NewSecureMessage(string firstName) => Email(
        "Vous avez un nouveau message",
        $"Bonjour {firstName},",
        [
            "Un conseiller de l'Urssaf vous a répondu. Connectez-vous à votre espace en ligne, rubrique « Messagerie », pour lire sa réponse.",
            "Pour votre sécurité, le contenu des messages n'est jamais envoyé par e-mail ni par SMS.",
        ]);

    public static EmailContent RegulatoryNotice(string firstName, string title, DateOnly effectiveOn) => Email(
        $"Évolution réglementaire : {title}",
        $"Bonjour {firstName},",
        [
            $"Une évolution réglementaire qui vous concerne s'applique à partir du {Day(effectiveOn)} : {title}.",
            "Le détail est affiché sur le tableau de bord de votre espace en ligne.",
        ]);

    public static EmailContent PaymentDueReminder(string firstName, string period, long amountCents, DateOnly dueDate) => Email(
        $"Cotisations de la période {period} à payer avant le {Day(dueDate)}",
        $"Bonjour {firstName},",
        [
            $"Le montant de {Euros(amountCents)} dû pour la période {period} est à payer au plus tard le {Day(dueDate)}, et aucun prélèvement n'est prévu.",
            "Vous pouvez payer par prélèvement, carte ou virement depuis votre espace en ligne. Un paiement en retard entraîne des majorations (CSS R243-16).",
        ]);

    /// <summary>"1er janvier 2026", "30 avril 2026".</summary>
    public static string Day(DateOnly day) => (day.Day == 1 ? "1er" : day.Day.ToString(CultureInfo.InvariantCulture)) + " " + day.ToString("MMMM yyyy", French);

    public static string Euros(long cents) => (cents / 100m).ToString("#,##0.00", French) + " €";

    private static string Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, Paris).ToString("d MMMM yyyy 'à' HH'h'mm", French);

    private static EmailContent Email(string subject, string greeting, string[] paragraphs, string? link = null, string linkLabel = "Ouvrir le lien")
    {
        var text = $"{greeting}\n\n{string.Join("\n\n", paragraphs)}\n\nL'Urssaf\n";
        var html = "<!DOCTYPE html><html lang=\"fr\"><body style=\"font-family:sans-serif\">"
            + $"<p>{WebUtility.HtmlEncode(greeting)}</p>"
            + string.Concat(paragraphs.Select(p => p == link
                ? $"<p><a href=\"{WebUtility.HtmlEncode(p)}\">{WebUtility.HtmlEncode(linkLabel)}</a></p>"
                : $"<p>{WebUtility.HtmlEncode(p)}</p>"))
            + "<p>L'Urssaf</p></body></html>";
        return new EmailContent(subject, text, html);
    }
}
