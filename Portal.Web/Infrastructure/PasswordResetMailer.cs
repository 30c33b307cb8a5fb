using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;

namespace Portal.Web.Infrastructure;

/// <summary>
/// Password-reset requests are answered at once and in the same way for every address; looking the address up, making
/// the reset token and queueing the mail happen afterwards, here, so that neither the answer nor its time tells whether
/// the address has a sign-in. A request lost in a restart is simply asked again.
/// </summary>
public sealed class PasswordResetMailer(IServiceScopeFactory scopes, PublicUrl publicUrl, ILogger<PasswordResetMailer> logger) : BackgroundService
{
    private readonly Channel<string> requests = Channel.CreateBounded<string>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Takes the request; never waits and never says anything about the address.</summary>
    public void Request(string email) => requests.Writer.TryWrite(email);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var email in requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(email);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "A password-reset mail could not be queued");
            }
        }
    }

    private async Task SendAsync(string email)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null || user.IsDisabled || !await users.IsEmailConfirmedAsync(user)) return;
        var code = LinkCodes.Encode(await users.GeneratePasswordResetTokenAsync(user));
        var link = $"{publicUrl.Base}/Identity/Account/ResetPassword?code={Uri.EscapeDataString(code)}";
        await scope.ServiceProvider.GetRequiredService<IEmailSender>().SendEmailAsync(user.Email!, "Reset your password",
            $"<p>Reset the password of your portal sign-in by <a href=\"{WebUtility.HtmlEncode(link)}\">clicking here</a>.</p>" +
            "<p>If you did not ask for this, ignore this mail: your password stays as it is.</p>");
    }
}
