using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Web.Infrastructure;

/// <summary>Identity's tokens as they travel in e-mailed links (password reset, e-mail change): base64url of UTF-8.</summary>
public static class LinkCodes
{
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <returns>the token, or null when the link's code is missing or damaged.</returns>
    public static string? Decode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
