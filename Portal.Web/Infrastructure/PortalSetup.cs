using System.Data.Common;
using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Data.Db;
using Portal.Data.Demo;
using Portal.Data.Mail;
using Portal.Jobs;
using Portal.Web.Api;

namespace Portal.Web.Infrastructure;

public static class Policies
{
    public const string Customer = "Customer";
    public const string CustomerAdmin = "CustomerAdmin";
    public const string Buyer = "Buyer";
    public const string Approver = "Approver";
    public const string Supplier = "Supplier";
    public const string SupplierAdmin = "SupplierAdmin";
    public const string OrderDesk = "OrderDesk";
}

/// <summary>Everything Program.cs wires, in one readable place.</summary>
public static class PortalSetup
{
    public static DatabaseOptions Database(WebApplicationBuilder builder) => DatabaseOptions.From(
        builder.Configuration["Database:Provider"], builder.Configuration.GetConnectionString("Portal"), builder.Environment.ContentRootPath);

    public static MailOptions Mail(WebApplicationBuilder builder, DatabaseOptions database)
    {
        var mail = builder.Configuration.GetSection("Mail").Get<MailOptions>() ?? new MailOptions();
        if (string.IsNullOrWhiteSpace(mail.Smtp.Host) && string.IsNullOrWhiteSpace(mail.PickupDirectory))
        {
            if (database.Provider == DatabaseProvider.SqlServer)
                throw new InvalidOperationException("With SQL Server, set Mail:Smtp:Host (or Mail:PickupDirectory) so that invitations can be sent.");
            mail.PickupDirectory = "App_Data/mail";
        }
        if (mail.PickupDirectory is { } folder && !Path.IsPathRooted(folder))
            mail.PickupDirectory = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, folder));
        return mail;
    }

    public static void AddPortal(this WebApplicationBuilder builder)
    {
        // `dotnet run` outside Development still finds the build's static assets (compressed copies and Identity UI's
        // files live in obj/ and the package); a published app has them in wwwroot and this does nothing
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        var database = Database(builder);
        services.AddPortalData(database, Mail(builder, database));
        services.AddPortalJobs(database, JobsOptions.From(builder.Configuration));
        builder.AddPortalSecurity();

        services.AddIdentity<PortalUser, PortalRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Password.RequiredLength = 10;
            })
            .AddUserStore<UserStore>()
            .AddRoleStore<RoleStore>()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            .AddDefaultTokenProviders()
            .AddDefaultUI();
        // AddIdentity registered the stock SignInManager first (and AddSignInManager only tries to add): replace it outright
        services.Replace(ServiceDescriptor.Scoped<SignInManager<PortalUser>, PortalSignInManager>());
        services.AddPortalAccounts();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "portal.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            o.LoginPath = "/Identity/Account/Login";
            o.LogoutPath = "/Identity/Account/Logout";
            o.AccessDeniedPath = "/Identity/Account/AccessDenied";
            o.Events.OnSigningIn = IdleSignOut.SigningInAsync;
            o.Events.OnValidatePrincipal = IdleSignOut.ValidatePrincipalAsync;
            o.Events.OnSigningOut = ServerSessions.SigningOutAsync;
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Customer, p => p.RequireClaim(PortalClaims.AccountId).RequireRole(Roles.Customer))
            .AddPolicy(Policies.CustomerAdmin, p => p.RequireClaim(PortalClaims.AccountId).RequireRole(Roles.CustomerAdmin))
            .AddPolicy(Policies.Buyer, p => p.RequireClaim(PortalClaims.AccountId).RequireRole(Roles.Buyer))
            .AddPolicy(Policies.Approver, p => p.RequireClaim(PortalClaims.AccountId).RequireRole(Roles.Approver))
            .AddPolicy(Policies.Supplier, p => p.RequireAssertion(c => !c.User.HasClaim(x => x.Type == PortalClaims.AccountId)).RequireRole(Roles.Supplier))
            .AddPolicy(Policies.OrderDesk, p => p.RequireAssertion(c => !c.User.HasClaim(x => x.Type == PortalClaims.AccountId)).RequireRole(Roles.DeskAgent, Roles.SupplierAdmin))
            .AddPolicy(Policies.SupplierAdmin, p => p.RequireAssertion(c => !c.User.HasClaim(x => x.Type == PortalClaims.AccountId)).RequireRole(Roles.SupplierAdmin));

        // absurd dates are field errors, crafted flags bind as false (see InputBinding.cs)
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.ModelBinderProviders.Insert(0, new InputBindingProvider()));
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Accounts/Users", Policies.CustomerAdmin);
            o.Conventions.AuthorizePage("/Accounts/Settings", Policies.CustomerAdmin);
            o.Conventions.AuthorizePage("/Accounts/Sites", Policies.Customer);
            o.Conventions.AuthorizeFolder("/Accounts/Customers", Policies.Supplier);
            o.Conventions.AuthorizeFolder("/Accounts/Staff", Policies.SupplierAdmin);
            // the account managers' workspace: supplier staff only (the pages also require AccountManager or SupplierAdmin)
            o.Conventions.AuthorizeFolder("/Relationships", Policies.Supplier);
            o.Conventions.AuthorizeFolder("/Ordering", Policies.Customer);
            o.Conventions.AuthorizeFolder("/Ordering/Lists", Policies.Buyer);
            o.Conventions.AuthorizePage("/Ordering/Catalog", Policies.Buyer);
            o.Conventions.AuthorizePage("/Ordering/Cart", Policies.Buyer);
            o.Conventions.AuthorizePage("/Ordering/Checkout", Policies.Buyer);
            o.Conventions.AuthorizePage("/Ordering/Approvals", Policies.Approver);
            o.Conventions.AuthorizeFolder("/Fulfilment", Policies.OrderDesk);
            o.Conventions.AuthorizeFolder("/Catalog", Policies.SupplierAdmin);
            o.Conventions.AuthorizePage("/Reliability/Performance", Policies.Customer);
            o.Conventions.AuthorizePage("/Reliability/Supplier", Policies.Supplier);
            o.Conventions.AuthorizePage("/Reliability/AtRisk", Policies.OrderDesk);
            o.Conventions.AuthorizePage("/Reliability/TransitDays", Policies.OrderDesk);
            o.Conventions.AllowAnonymousToPage("/Accounts/AcceptInvitation");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AddAreaFolderApplicationModelConvention("Identity", "/", m => m.Filters.Add(new ServiceFilterAttribute(typeof(IdentityStepFilter))));
            o.Conventions.ThrottleSignIn();
        });
        services.AddScoped<IdentityStepFilter>();
        // the rules in Portal.Data say what is missing, in their own words; no second, generic "field is required"
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<OrderingContext>();
        services.AddSingleton<Show>();
        services.AddTransient<IEmailSender, OutboxEmailSender>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.AddPortalApi();
        builder.AddTicketDesk();
    }

    /// <summary>
    /// Migrates the database and, on an empty database with demo data switched on explicitly (<c>Portal:DemoData</c>,
    /// true in the Development environment's settings), seeds it. Without it nothing is seeded, and an empty database says so.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        app.Services.GetRequiredService<Migrator>().Migrate();
        try
        {
            app.Services.EnsureDataProtectionKey();
        }
        catch (DbException ex)
        {
            // the key ring is read again on first use; /health reports the database
            app.Logger.LogError(ex, "The data-protection key ring could not be read from the database");
        }
        await using var scope = app.Services.CreateAsyncScope();
        if (bool.TryParse(app.Configuration["Portal:DemoData"], out var demo) && demo)
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
            return;
        }
        var accounts = scope.ServiceProvider.GetRequiredService<AccountStore>();
        try
        {
            if (await accounts.GetSupplierAsync() is null && await accounts.CountAccountsAsync() == 0)
                app.Logger.LogWarning(
                    "The database is empty and Portal:DemoData is off, so no demo data was created. " +
                    "For the demo, run in the Development environment or set Portal:DemoData=true.");
        }
        catch (DbException ex)
        {
            // the portal still starts; /health reports the database
            app.Logger.LogError(ex, "The database could not be read after migrating");
        }
    }

    public static void UsePortal(this WebApplication app)
    {
        app.UsePortalForwardedHeaders();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        app.UsePortalSecurityHeaders();
        app.UseRouting();
        app.UsePortalApiErrors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            // status only: nothing about the database, its address or the error leaves the process
            ResponseWriter = (context, report) => context.Response.WriteAsync(report.Status == HealthStatus.Healthy ? "Healthy" : "Unhealthy"),
        }).AllowAnonymous();
        app.MapHangfireDashboard("/desk/jobs", new DashboardOptions
        {
            Authorization = [],
            AppPath = "/",
            DashboardTitle = "Portal jobs",
        }, app.Services.GetRequiredService<JobStorage>()).RequireAuthorization(Policies.SupplierAdmin);
        app.MapPortalApi();
        app.MapIdleSession();
        app.MapRazorPages().WithStaticAssets();
    }
}

/// <summary>
/// Answers healthy when the database takes a write within a few seconds: its file is still there (SQLite), it holds the
/// portal's schema, and a one-row update commits. A database that only answers reads is unhealthy.
/// </summary>
public sealed class DatabaseHealthCheck(DatabaseProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            return await probe.ProblemAsync(timeout.Token) is { } problem
                ? HealthCheckResult.Unhealthy(problem)
                : HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }
}

/// <summary>Identity UI's mail (password reset, e-mail change) goes through the same outbox as the portal's own.</summary>
public sealed class OutboxEmailSender(MailOutbox outbox) : IEmailSender
{
    public Task SendEmailAsync(string email, string subject, string htmlMessage) => outbox.QueueAsync(email, subject, htmlMessage);
}
