using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Fulfilment;
using Portal.Data.Ordering;
using Portal.Data.Demo;
using Portal.Data.Mail;
using Portal.Data.Replenishment;
using Portal.Data.Reliability;

namespace Portal.Data;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the data layer for the provider in <paramref name="options"/>: the one place the provider is chosen.
    /// </summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, DatabaseOptions options, MailOptions mail)
    {
        TypeHandlers.Register();
        services.AddSingleton(options);
        services.AddSingleton(ConnectionFactory.For(options));
        services.AddSingleton(SqlDialect.For(options.Provider));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(mail);
        services.TryAddSingleton<IMailTransport, MailKitTransport>();
        services.TryAddSingleton<IMailDispatcher, NoDispatcher>();

        // statement classes: one instance per feature, built for the chosen dialect
        services.AddSingleton<AccountSql>();
        services.AddSingleton<IdentitySql>();
        services.AddSingleton<InvitationSql>();
        services.AddSingleton<MailSql>();
        services.AddSingleton<CatalogSql>();
        services.AddSingleton<OrderingSql>();
        services.AddSingleton<FulfilmentSql>();
        services.AddSingleton<ApiKeySql>();
        services.AddSingleton<SessionSql>();
        services.AddSingleton<ReplenishmentSql>();
        services.AddSingleton<Portal.Data.Service.ServiceSql>();
        services.AddSingleton<StockSql>();
        services.AddSingleton<RunLogSql>();
        services.AddSingleton<Portal.Data.Relationships.RelationshipsSql>();
        services.AddSingleton<Portal.Data.Service.SlaSql>();
        services.AddSingleton<SuggestionSql>();
        services.AddSingleton<ReliabilitySql>();
        services.AddSingleton<Portal.Data.Service.TicketSql>();
        services.AddSingleton<Portal.Data.Relationships.WorkspaceSql>();

        services.AddSingleton<Migrator>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<UserSessions>();
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<CatalogStore>();
        services.AddSingleton<Carts>();
        services.AddSingleton<OrderPlacement>();
        services.AddSingleton<Orders>();
        services.AddSingleton<Approvals>();
        services.AddSingleton<OrderHistory>();
        services.AddSingleton<StandingLists>();
        services.AddSingleton<OrderingSettings>();
        services.AddSingleton<OrderDesk>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<CatalogImport>();
        services.AddSingleton<DemoCatalog>();
        services.TryAddSingleton(new ReplenishmentOptions());
        services.AddSingleton<Schedules>();
        services.AddSingleton<Portal.Data.Service.TicketClocks>();
        services.AddSingleton<Portal.Data.Relationships.HistoryImport>();
        services.AddSingleton<Portal.Data.Relationships.RelationshipHealth>();
        services.AddSingleton<Portal.Data.Service.CalendarAdmin>();
        services.AddSingleton<Portal.Data.Service.SlaPolicies>();
        services.AddSingleton<Portal.Data.Service.SlaEscalation>();
        services.AddSingleton<Portal.Data.Service.Satisfaction>();
        services.AddSingleton<Portal.Data.Service.DeskDashboard>();
        services.TryAddSingleton(new Portal.Data.Service.TicketOptions());
        services.AddSingleton<Portal.Data.Service.ServiceListCache>();
        services.AddSingleton<Portal.Data.Service.Tickets>();
        services.AddSingleton<ReplenishmentRun>();
        services.AddSingleton<StockLevels>();
        services.AddSingleton<StockRun>();
        services.AddSingleton<RunLog>();
        services.AddSingleton<Suggestions>();
        services.AddSingleton<ReliabilityRollup>();
        services.AddSingleton<ReliabilityStore>();
        services.AddSingleton<PromiseRisk>();
        services.AddSingleton<ReliabilityHooks>();
        services.TryAddSingleton<IReliabilityDispatcher, InlineReliabilityDispatcher>();
        services.TryAddSingleton(new Portal.Data.Relationships.FollowUpOptions());
        services.AddSingleton<Portal.Data.Relationships.Workspace>();
        services.AddSingleton<Portal.Data.Relationships.FollowUps>();
        services.AddSingleton<Portal.Data.Relationships.Contacts>();
        services.AddSingleton<Portal.Data.Relationships.IAccountContactSource, Portal.Data.Relationships.ContactLogSource>();
        services.AddSingleton<Portal.Data.Relationships.DemoWorkspace>();
        return services;
    }

    /// <summary>The account services built on ASP.NET Core Identity's UserManager; call after Identity is added.</summary>
    public static IServiceCollection AddPortalAccounts(this IServiceCollection services)
    {
        // added to Identity's own validators (AddIdentity registered those first): lengths and control characters of user fields
        services.AddScoped<Microsoft.AspNetCore.Identity.IUserValidator<PortalUser>, UserTextValidator>();
        services.AddScoped<Invitations>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<AccountAdministration>();
        services.AddScoped<DemoData>();
        return services;
    }

    /// <summary>Used where no job server is wired (a tool, a test of the data layer): the recurring outbox job still sends.</summary>
    private sealed class NoDispatcher : IMailDispatcher
    {
        public void Dispatch(Guid messageId) { }
    }
}
