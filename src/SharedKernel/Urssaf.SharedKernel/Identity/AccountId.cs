namespace Urssaf.SharedKernel.Identity;

/// <summary>The identifier of an entrepreneur's account, the one key every module shares.</summary>
public readonly record struct AccountId(Guid Value)
{
    public static AccountId New() => new(Guid.CreateVersion7());
    public override string ToString() => Value.ToString("D");
}
