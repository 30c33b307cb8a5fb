using Portal.Data.Service;

namespace Portal.Web.Infrastructure;

/// <summary>
/// The service desk's requests in the web app: who reaches which page (customers /requests; desk agents and supplier
/// admins /desk/requests, account managers read it; canned replies for the desk; queue names for supplier admins), the
/// address links in request e-mails use, and how a signed-in person looks at requests.
/// </summary>
public static class TicketSetup
{
    /// <summary>Desk agents, supplier admins and account managers (who read their accounts' requests only).</summary>
    public const string DeskReaders = "TicketDeskReaders";

    public static void AddTicketDesk(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (builder.Configuration["Portal:PublicUrl"] is { Length: > 0 } url) services.AddSingleton(new TicketOptions(url));
        services.AddAuthorizationBuilder()
            .AddPolicy(DeskReaders, p => p.RequireAssertion(c => !c.User.HasClaim(x => x.Type == PortalClaims.AccountId))
                .RequireRole(Roles.DeskAgent, Roles.SupplierAdmin, Roles.AccountManager));
        services.Configure<RazorPagesOptions>(o =>
        {
            // the customer's request pages (the folder also holds the supplier's service settings, which carry their own policy)
            o.Conventions.AuthorizePage("/Service/Index", Policies.Customer);
            o.Conventions.AuthorizePage("/Service/New", Policies.Customer);
            o.Conventions.AuthorizePage("/Service/Details", Policies.Customer);
            o.Conventions.AuthorizeFolder("/Desk/Requests", DeskReaders);
            o.Conventions.AuthorizePage("/Desk/Requests/Canned", Policies.OrderDesk);
            o.Conventions.AuthorizePage("/Desk/Requests/Queues", Policies.SupplierAdmin);
        });
    }

    /// <summary>The signed-in person as the request pages see them.</summary>
    public static TicketViewer TicketViewer(this CurrentUser me) =>
        me.AccountId is { } account
            ? Portal.Data.Service.TicketViewer.Customer(account, me.UserId, me.SiteId, me.IsInRole(Roles.CustomerAdmin), me.DisplayName)
            : me.IsInRole(Roles.DeskAgent) || me.IsInRole(Roles.SupplierAdmin)
                ? Portal.Data.Service.TicketViewer.Desk(me.UserId, me.DisplayName)
                : Portal.Data.Service.TicketViewer.Manager(me.UserId, me.DisplayName);

    /// <summary>The files of a multipart post, read into memory (the size limits are on the page).</summary>
    public static async Task<IReadOnlyList<UploadedFile>> ReadFilesAsync(IEnumerable<IFormFile>? files, CancellationToken ct)
    {
        var result = new List<UploadedFile>();
        foreach (var f in files ?? [])
        {
            if (f.Length == 0 && string.IsNullOrEmpty(f.FileName)) continue;
            if (f.Length > Attachments.MaxBytes)
            {
                // too large: not read, but counted as such
                result.Add(new UploadedFile(f.FileName, [], f.Length));
                continue;
            }
            using var stream = new MemoryStream((int)f.Length);
            await f.CopyToAsync(stream, ct);
            result.Add(new UploadedFile(f.FileName, stream.ToArray()));
        }
        return result;
    }

    /// <summary>Field errors of a request form: the files' problem goes next to the file field, the rest next to Input's fields.</summary>
    public static void AddTicketErrors(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, FieldErrors errors)
    {
        foreach (var (field, message) in errors)
        {
            if (field == "Files") modelState.AddModelError("Files", message + " Nothing was sent; what you wrote is kept — choose the files again.");
            else modelState.AddModelError(string.IsNullOrEmpty(field) ? "" : $"Input.{field}", message);
        }
    }

    /// <summary>An attachment as a download: attachment disposition, its detected type, never sniffed.</summary>
    public static IActionResult Download(HttpResponse response, AttachmentContent? file)
    {
        if (file is null) return new NotFoundResult();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        return new FileContentResult(file.Content, file.Attachment.ContentType) { FileDownloadName = file.Attachment.FileName };
    }
}

/// <summary>The rich-text editor partial (Pages/Shared/_Editor.cshtml): a textarea that works without script, with a formatting toolbar when script runs.</summary>
public sealed record EditorField(string Name, string Id, string? Value, string Label, int Rows = 8, bool Required = true);

/// <summary>Words for requests on pages: status badges, clocks as time left or time over.</summary>
public static class TicketWords
{
    /// <summary>Tinted badge classes with dark text (site.css, as the order status badges).</summary>
    public static string BadgeClass(string status) => status switch
    {
        Portal.Data.Service.TicketStatus.New => "status-waiting",
        Portal.Data.Service.TicketStatus.Open => "status-moving",
        Portal.Data.Service.TicketStatus.WaitingOnCustomer => "status-waiting",
        Portal.Data.Service.TicketStatus.Resolved => "status-done",
        _ => "status-stopped",
    };

    /// <summary>"2 h 05 min", "3 days 4 h".</summary>
    public static string Duration(TimeSpan span)
    {
        span = span.Duration();
        if (span.TotalMinutes < 60) return $"{(int)span.TotalMinutes} min";
        if (span.TotalHours < 48) return $"{(int)span.TotalHours} h {span.Minutes:00} min";
        return $"{(int)span.TotalDays} days {span.Hours} h";
    }

    /// <summary>A clock in business time, from <see cref="Portal.Data.Service.TicketClocks.ReadAsync"/>.</summary>
    public static string Clock(Portal.Data.Service.SlaReading r) =>
        r.Stopped ? (r.Breached ? $"met, {Duration(-r.Left)} late (business time)" : "met")
        : r.Breached ? $"{Duration(-r.Left)} over (business time)"
        : r.Running ? $"{Duration(r.Left)} left (business time)"
        : $"{Duration(r.Left)} left, paused";

    /// <summary>Time left or over until a stored due instant, in wall-clock time (lists).</summary>
    public static string Left(DateTimeOffset? due, DateTimeOffset now) =>
        due is not { } d ? "—" : d >= now ? $"{Duration(d - now)} left" : $"{Duration(now - d)} over";
}
