using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Benchmarks;

/// <summary>One signed-in buyer: a cookie jar and the antiforgery token of its session.</summary>
public sealed class BuyerClient(HttpClient http, string token)
{
    public HttpClient Http { get; } = http;

    public static async Task<BuyerClient> SignInAsync(Uri portal, string email, string password)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), MaxConnectionsPerServer = 4 })
        {
            BaseAddress = portal,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var login = await http.GetStringAsync("/Identity/Account/Login");
        var response = await http.PostAsync("/Identity/Account/Login?returnUrl=%2F", new FormUrlEncodedContent(
        [
            new("Input.Email", email), new("Input.Password", password), new("__RequestVerificationToken", Token(login)),
        ]));
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.ToString() != "/")
            throw new InvalidOperationException($"{email} could not sign in ({(int)response.StatusCode})");
        return new BuyerClient(http, Token(await http.GetStringAsync("/cart")));
    }

    public Task<HttpResponseMessage> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields) =>
        Http.PostAsync(url, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));

    private static string Token(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
}

public sealed record Figures(string Name, int Requests, int Failures, double Seconds, double P50, double P95, double P99)
{
    public double PerSecond => Requests / Seconds;

    public override string ToString() =>
        $"{Name,-22} {Requests,8:N0} req {PerSecond,9:N1} req/s   p50 {P50,7:N1} ms   p95 {P95,7:N1} ms   p99 {P99,7:N1} ms   failures {Failures}";

    public static Figures From(string name, List<double> latencies, int failures, double seconds)
    {
        latencies.Sort();
        double At(double q) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        return new Figures(name, latencies.Count, failures, seconds, At(0.50), At(0.95), At(0.99));
    }
}

public static class Load
{
    /// <summary>Runs <paramref name="step"/> on every client at once, again and again, for <paramref name="duration"/>; times each call.</summary>
    public static async Task<Figures> RunAsync(string name, IReadOnlyList<BuyerClient> clients, TimeSpan duration, Func<BuyerClient, int, Task<bool>> step)
    {
        var latencies = new List<double>();
        var failures = 0;
        var watch = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + duration;
        await Task.WhenAll(clients.Select(async (client, index) =>
        {
            var mine = new List<double>();
            var n = 0;
            while (DateTime.UtcNow < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try { ok = await step(client, index * 1_000_003 + n++); }
                catch (HttpRequestException) { ok = false; }
                catch (TaskCanceledException) { ok = false; }
                if (ok) mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                else Interlocked.Increment(ref failures);
            }
            lock (latencies) latencies.AddRange(mine);
        }));
        return Figures.From(name, latencies, failures, watch.Elapsed.TotalSeconds);
    }
}
