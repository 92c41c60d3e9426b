namespace Urssaf.Web.Api;

/// <summary>The API's stable problem codes, in French for the person; the form field a code concerns, when it names one.</summary>
public static class Messages
{
    private static readonly Dictionary<string, string> Text = new(StringComparer.Ordinal)
    {
        ["identity.siret.invalid"] = "Le SIRET doit comporter 14 chiffres valides.",
        ["identity.siret.unknown"] = "Votre SIRET ne nous a pas encore été transmis par le centre de formalités des entreprises. Ce délai peut atteindre quatre semaines après l'immatriculation : réessayez plus tard.",
        ["identity.nir.invalid"] = "Le numéro de sécurité sociale doit comporter 15 chiffres valides (clé comprise).",
        ["identity.first_name.invalid"] = "Saisissez votre prénom.",
        ["identity.last_name.invalid"] = "Saisissez votre nom.",
        ["identity.email.invalid"] = "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.",
        ["identity.email.taken"] = "Cette adresse électronique est déjà utilisée.",
        ["identity.phone.invalid"] = "Saisissez un numéro de mobile français, par exemple 06 12 34 56 78.",
        ["identity.password.too_weak"] = "Le mot de passe ne respecte pas les règles indiquées.",
        ["identity.password.too_long"] = "Le mot de passe est trop long.",
        ["identity.password.missing"] = "Saisissez un mot de passe.",
        ["identity.password.blocklisted"] = "Ce mot de passe est trop courant : choisissez-en un autre.",
        ["identity.secret_question.invalid"] = "Saisissez une question secrète.",
        ["identity.secret_answer.invalid"] = "Saisissez la réponse à votre question secrète.",
        ["identity.activation.token_invalid"] = "Ce lien d'activation n'est plus valable (il sert une fois, pendant 24 heures). Demandez-en un nouveau.",
        ["identity.activation.link_invalid"] = "Ce lien d'activation n'est plus valable (il sert une fois, pendant 24 heures). Demandez-en un nouveau.",
        ["identity.activation.code_format"] = "Le code reçu par SMS comporte 6 chiffres.",
        ["identity.activation.code_invalid"] = "Ce code n'est pas le bon, ou il a expiré (10 minutes, 5 essais).",
        ["identity.registration.invalid"] = "Cette inscription est introuvable : recommencez l'inscription.",
        ["identity.credentials.invalid"] = "Identifiant ou mot de passe incorrect. Après plusieurs erreurs, le compte est temporairement bloqué.",
        ["identity.login.invalid"] = "Saisissez votre adresse électronique, votre numéro de sécurité sociale ou votre SIRET.",
        ["identity.login.throttled"] = "Trop de tentatives : par sécurité, la connexion est suspendue un moment. Réessayez plus tard ou réinitialisez votre mot de passe.",
        ["identity.account.not_activated"] = "Votre compte n'est pas encore activé : suivez le lien reçu par courriel puis saisissez le code reçu par SMS.",
        ["identity.passkey.options_invalid"] = "La demande de clé d'accès a expiré (5 minutes) ou a déjà servi : recommencez.",
        ["identity.passkey.credential_malformed"] = "La réponse de votre appareil n'a pas pu être lue : recommencez.",
        ["identity.passkey.registration_refused"] = "Cette clé d'accès n'a pas pu être enregistrée : recommencez, ou essayez un autre appareil.",
        ["identity.passkey.too_many"] = "Vous avez atteint le nombre maximal de clés d'accès : supprimez-en une d'abord.",
        ["identity.passkey.not_found"] = "Cette clé d'accès est introuvable : elle a peut-être déjà été supprimée.",
        ["identity.passkey.login_refused"] = "Cette clé d'accès n'a pas été reconnue. Connectez-vous avec votre mot de passe, ou utilisez une autre clé.",
        ["identity.passkey.cloned"] = "Par sécurité, cette clé d'accès a été refusée (elle semble avoir été copiée). Connectez-vous avec votre mot de passe et supprimez-la.",
        ["identity.passkey.name_invalid"] = "Donnez un nom à la clé d'accès (de 1 à 60 caractères).",
        ["identity.reauthentication_required"] = "Pour votre sécurité, cette opération demande une connexion de moins de 15 minutes : reconnectez-vous puis recommencez.",
        ["identity.contact_change.unchanged"] = "C'est déjà la coordonnée de votre compte.",
        ["identity.contact_change.code_invalid"] = "Ce code n'est pas le bon, ou il a expiré ou déjà servi : recommencez le changement.",
        ["identity.contact_change.code_format"] = "Le code reçu comporte 6 chiffres.",
        ["identity.contact_change.too_soon"] = "Une coordonnée a été changée il y a moins de 7 jours : patientez, ou appelez le 3957 si vous avez perdu l'accès.",
        ["identity.delegation.third_party_unknown"] = "Ce cabinet ou ce logiciel n'est pas enregistré auprès de l'Urssaf.",
        ["identity.delegation.scope_not_allowed"] = "Ce tiers ne peut pas recevoir l'une des autorisations cochées : décochez-la.",
        ["identity.delegation.exists"] = "Ce tiers a déjà un accès en cours : retirez-le d'abord pour en donner un autre.",
        ["identity.delegation.expires_in_past"] = "La date de fin doit être aujourd'hui ou plus tard.",
        ["identity.delegation.not_found"] = "Cet accès est introuvable.",
        ["identity.delegation.not_active"] = "Cet accès est déjà retiré ou expiré.",
        ["identity.siren.invalid"] = "Choisissez un cabinet ou un logiciel de la liste.",
        ["declarations.turnover.out_of_range"] = "Le chiffre d'affaires doit être un nombre entier d'euros, positif ou nul.",
        ["declarations.category.unknown"] = "Choisissez une catégorie d'activité.",
        ["declarations.category.not_registered"] = "Cette catégorie d'activité n'est pas celle de votre entreprise.",
        ["declarations.lines.missing"] = "Saisissez au moins un chiffre d'affaires.",
        ["declarations.lines.duplicate_category"] = "Chaque catégorie ne peut figurer qu'une fois.",
        ["declarations.turnover.split_required"] = "Cette période est à cheval sur un changement de taux : indiquez la part de chaque sous-période.",
        ["declarations.lines.partly_split"] = "Indiquez la sous-période sur chaque ligne, ou sur aucune.",
        ["declarations.turnover.part_outside_period"] = "Une sous-période indiquée est hors de la période déclarée.",
        ["declarations.period.not_ended"] = "Cette période n'est pas encore terminée : vous pourrez la déclarer à partir de son dernier jour.",
        ["declarations.period.closed"] = "La date limite est passée : cette déclaration ne peut plus être corrigée en ligne.",
        ["declarations.period.before_activity"] = "Cette période précède le début de votre activité.",
        ["declarations.period.wrong_frequency"] = "Cette période ne correspond pas à votre rythme de déclaration.",
        ["declarations.period.malformed"] = "Cette période n'existe pas.",
        ["declarations.declaration.stale"] = "La déclaration a changé entre-temps : vérifiez-la et recommencez.",
        ["declarations.declaration.concurrent"] = "La déclaration a changé entre-temps : vérifiez-la et recommencez.",
        ["notifications.correction.pending"] = "Une demande de correction de cette période attend déjà la réponse d'un conseiller.",
        ["notifications.correction.not_late"] = "La date limite n'est pas passée : corrigez directement votre déclaration.",
        ["notifications.correction.not_filed"] = "Cette période n'a pas de déclaration déposée à corriger.",
        ["notifications.correction.reason_required"] = "Expliquez pourquoi la déclaration doit être corrigée.",
        ["notifications.correction.lines_invalid"] = "Indiquez une à trois lignes, une par catégorie d'activité, en euros entiers.",
        ["payments.iban.required"] = "Saisissez l'IBAN du compte à prélever.",
        ["payments.iban.invalid"] = "Cet IBAN n'est pas valide : vérifiez-le (27 caractères pour un compte français, commençant par FR).",
        ["payments.bic.invalid"] = "Ce BIC n'est pas valide.",
        ["payments.holder_name.required"] = "Saisissez le nom du titulaire du compte.",
        ["payments.holder_name.too_long"] = "Le nom du titulaire est trop long (70 caractères au plus).",
        ["payments.holder_name.invalid"] = "Le nom du titulaire contient des caractères non acceptés.",
        ["payments.mandate.limit_reached"] = "Vous avez déjà trois mandats actifs : révoquez-en un d'abord.",
        ["payments.mandate.in_use"] = "Ce mandat porte un prélèvement programmé : il ne peut pas être révoqué maintenant.",
        ["payments.mandate.required"] = "Choisissez le mandat à prélever, ou ajoutez-en un.",
        ["payments.mandate.not_found"] = "Ce mandat est introuvable ou n'est plus actif.",
        ["payments.mandate.ambiguous"] = "Choisissez le mandat à prélever.",
        ["payments.method.invalid"] = "Choisissez un moyen de paiement.",
        ["payments.method.required"] = "Choisissez un moyen de paiement.",
        ["payments.method.unavailable"] = "Ce moyen de paiement n'est pas encore disponible.",
        ["payments.period.nothing_due"] = "Rien n'est dû pour cette période.",
        ["payments.amount.exceeds_due"] = "Le montant dépasse ce qui reste dû.",
        ["payments.amount.invalid"] = "Le montant n'est pas valide.",
        ["documents.attestation.not_up_to_date"] = "L'attestation de vigilance ne peut pas être délivrée : votre compte n'est pas à jour.",
        ["documents.type.invalid"] = "Ce type de document n'existe pas.",
        ["documents.status.invalid"] = "Ce statut n'existe pas.",
        ["documents.year.invalid"] = "Saisissez une année en quatre chiffres, par exemple 2026.",
        ["payments.export.year_invalid"] = "Saisissez une année en quatre chiffres, par exemple 2026.",
        ["declarations.export.year_invalid"] = "Saisissez une année en quatre chiffres, par exemple 2026.",
        ["documents.period.invalid"] = "Saisissez une période comme 2026-04 (mois) ou 2026-T2 (trimestre).",
        ["notifications.security_alerts.required"] = "Les alertes de sécurité doivent garder au moins un canal.",
        ["notifications.channel.unknown"] = "Choisissez un canal.",
        ["web.api_unreachable"] = "Le service est momentanément indisponible. Réessayez dans quelques instants.",
    };

    public static string For(ApiProblem problem) =>
        Text.TryGetValue(problem.Code, out var text) ? text : problem.Status switch
        {
            429 => "Trop de demandes : réessayez dans quelques minutes.",
            404 => "Cet élément est introuvable.",
            403 => "Cette opération ne vous est pas permise.",
            >= 500 => "Le service a rencontré une difficulté. Réessayez dans quelques instants.",
            _ => $"La demande n'a pas abouti (référence : {problem.Code}).",
        };

    /// <summary>The field a code names: <c>identity.siret.invalid</c> → <c>siret</c> (snake case to camel case).</summary>
    public static string? FieldOf(ApiProblem problem)
    {
        var parts = problem.Code.Split('.');
        if (parts.Length != 3) return null;
        var words = parts[1].Split('_');
        return words[0] + string.Concat(words.Skip(1).Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
    }
}
