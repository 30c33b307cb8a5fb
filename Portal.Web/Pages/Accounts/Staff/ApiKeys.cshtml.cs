namespace Portal.Web.Pages.Accounts.Staff;

/// <summary>The supplier admin's API keys for the supplier's own systems.</summary>
public sealed class ApiKeys(CurrentUser me, Portal.Data.Accounts.ApiKeys keys) : ApiKeysPage(keys)
{
    protected override Guid? Scope => null;
    protected override Guid UserId => me.UserId;
}
