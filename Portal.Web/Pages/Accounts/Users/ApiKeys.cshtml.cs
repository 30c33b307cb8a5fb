namespace Portal.Web.Pages.Accounts.Users;

/// <summary>A customer admin's API keys for their own account.</summary>
public sealed class ApiKeys(CurrentUser me, Portal.Data.Accounts.ApiKeys keys) : ApiKeysPage(keys)
{
    protected override Guid? Scope => me.RequiredAccountId;
    protected override Guid UserId => me.UserId;
    public string AccountName => me.AccountName ?? "";
}
