using Bunit;
using Portal.Data.Accounts;
using Portal.Web.Components;

namespace Portal.Tests.Components;

public sealed class NavMenuTests : BunitContext
{
    private IReadOnlyList<string> LinksFor(bool customer, params string[] roles) =>
        Render<NavMenu>(p => p.Add(x => x.Roles, roles).Add(x => x.IsCustomer, customer))
            .FindAll("a.nav-link").Select(a => a.GetAttribute("href")!).ToList();

    [Fact]
    public void A_buyer_sees_ordering_and_their_sites_but_no_administration() =>
        Assert.Equal(["/", "/catalog", "/cart", "/lists", "/schedules", "/stock", "/orders", "/requests", "/reliability", "/account/sites"], LinksFor(true, Roles.Buyer));

    [Fact]
    public void An_approver_sees_the_approval_queue_but_not_the_cart() =>
        Assert.Equal(["/", "/approvals", "/orders", "/requests", "/reliability", "/account/sites"], LinksFor(true, Roles.Approver));

    [Fact]
    public void A_customer_admin_also_sees_users_and_settings() =>
        Assert.Equal(["/", "/catalog", "/cart", "/lists", "/schedules", "/stock", "/orders", "/requests", "/reliability", "/account/sites", "/account/users", "/account/settings", "/account/api-keys"], LinksFor(true, Roles.Buyer, Roles.CustomerAdmin));

    [Fact]
    public void A_customer_admin_without_the_buyer_role_still_sees_the_accounts_schedules() =>
        Assert.Equal(["/", "/schedules", "/stock", "/orders", "/requests", "/reliability", "/account/sites", "/account/users", "/account/settings", "/account/api-keys"], LinksFor(true, Roles.CustomerAdmin));

    [Fact]
    public void A_desk_agent_sees_the_order_desk_the_desk_dashboard_and_customer_accounts_but_not_staff_or_jobs() =>
        Assert.Equal(["/", "/desk/orders", "/desk/requests", "/desk/service/dashboard", "/desk/accounts", "/desk/reliability"], LinksFor(false, Roles.DeskAgent));

    [Fact]
    public void An_account_manager_sees_customer_accounts_but_not_the_order_desk() =>
        Assert.Equal(["/", "/desk/requests", "/desk/accounts", "/desk/reliability", "/desk/relationships"], LinksFor(false, Roles.AccountManager));

    [Fact]
    public void A_supplier_admin_sees_staff_the_jobs_dashboard_and_the_service_settings() =>
        Assert.Equal(["/", "/desk/orders", "/desk/requests", "/desk/service/dashboard", "/desk/accounts", "/desk/reliability", "/desk/relationships", "/desk/catalog", "/desk/staff", "/desk/api-keys", "/desk/jobs", "/desk/replenishment-runs", "/desk/service/calendar"], LinksFor(false, Roles.SupplierAdmin));

    [Fact]
    public void The_current_section_is_marked_for_screen_readers()
    {
        var nav = Render<NavMenu>(p => p.Add(x => x.Roles, [Roles.CustomerAdmin]).Add(x => x.IsCustomer, true).Add(x => x.CurrentPath, "/account/users/invite"));
        var active = nav.Find("a.active");
        Assert.Equal("/account/users", active.GetAttribute("href"));
        Assert.Equal("page", active.GetAttribute("aria-current"));
        Assert.Single(nav.FindAll("a[aria-current]"));
    }
}

public sealed class RoleBadgesTests : BunitContext
{
    [Fact]
    public void Roles_show_in_a_fixed_order_with_readable_names() =>
        Render<RoleBadges>(p => p.Add(x => x.Roles, [Roles.CustomerAdmin, Roles.Buyer]))
            .MarkupMatches("""<span class="badge me-1 role-customer">Buyer</span><span class="badge me-1 role-customer">Customer admin</span>""");

    [Fact]
    public void Supplier_roles_look_different_from_customer_roles() =>
        Render<RoleBadges>(p => p.Add(x => x.Roles, [Roles.DeskAgent]))
            .MarkupMatches("""<span class="badge me-1 role-supplier">Desk agent</span>""");

    [Fact]
    public void A_user_without_roles_says_so() =>
        Render<RoleBadges>(p => p.Add(x => x.Roles, Array.Empty<string>()))
            .MarkupMatches("""<span class="text-muted">No role</span>""");
}

public sealed class UserStatusTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_active_user_is_active() =>
        Assert.Equal("Active", Render<UserStatus>(p => p.Add(x => x.Now, Now)).Find("span").TextContent);

    [Fact]
    public void A_disabled_user_shows_disabled_even_when_also_locked() =>
        Assert.Equal("Disabled", Render<UserStatus>(p => p.Add(x => x.Now, Now).Add(x => x.IsDisabled, true).Add(x => x.LockoutEnd, Now.AddMinutes(5))).Find("span").TextContent);

    [Fact]
    public void A_locked_user_shows_until_when_in_the_accounts_time_zone()
    {
        var helsinki = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");
        var span = Render<UserStatus>(p => p.Add(x => x.Now, Now).Add(x => x.LockoutEnd, Now.AddMinutes(15)).Add(x => x.TimeZone, helsinki)).Find("span");
        Assert.Equal("Locked until 12:15", span.TextContent);
        Assert.Contains("status-waiting", span.ClassName);
    }

    [Fact]
    public void A_lockout_in_the_past_no_longer_counts() =>
        Assert.Equal("Active", Render<UserStatus>(p => p.Add(x => x.Now, Now).Add(x => x.LockoutEnd, Now.AddMinutes(-1))).Find("span").TextContent);
}
