using Portal.Data.Replenishment;

namespace Portal.Web.Pages.Ordering.Schedules;

/// <summary>Reorder schedules are kept by buyers (their own) and customer admins (all of the account's).</summary>
public static class ScheduleAccess
{
    public const string Roles = Portal.Data.Accounts.Roles.Buyer + "," + Portal.Data.Accounts.Roles.CustomerAdmin;

    public static ScheduleViewer Viewer(this CurrentUser me) =>
        new(me.RequiredAccountId, me.UserId, me.IsInRole(Portal.Data.Accounts.Roles.CustomerAdmin));

    public static TimeZoneInfo Zone(this ReorderSchedule s) => TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone);
}
