namespace Urssaf.SharedKernel.Enterprise;

/// <summary>
/// Activity category of declared turnover (API.md; CSS D613-4). JSON: <c>sales</c>, <c>services_bic</c>,
/// <c>liberal_bnc</c>, <c>liberal_cipav</c>, <c>furnished_tourism</c>.
/// </summary>
public enum ActivityCategory
{
    /// <summary>Achat/revente, restauration, hébergement (BIC, CGI 50-0 1°).</summary>
    Sales = 1,
    /// <summary>Prestations de services commerciales ou artisanales (BIC, CGI 50-0 2°).</summary>
    ServicesBic = 2,
    /// <summary>Professions libérales non réglementées (BNC, SSI).</summary>
    LiberalBnc = 3,
    /// <summary>Professions libérales réglementées relevant de la CIPAV.</summary>
    LiberalCipav = 4,
    /// <summary>Location de meublés de tourisme classés (CSS D613-4 c).</summary>
    FurnishedTourism = 5,
}

/// <summary>Nature of the activity, which decides the chamber tax and the training contribution.</summary>
public enum ActivityNature
{
    Commercial = 1,
    Artisanal = 2,
    Liberal = 3,
}

/// <summary>Declaration periodicity (CSS R613-7: monthly by default, quarterly on option).</summary>
public enum DeclarationFrequency
{
    Monthly = 1,
    Quarterly = 2,
}
