using System.Net;
using System.Text.RegularExpressions;

namespace SecureExec.Server.Tests.Console;

/// <summary>
/// The console over plain HTTP without a browser: cookies handled by hand (the session cookie is Secure, which .NET's
/// cookie container will not send over http even on loopback), forms posted with their antiforgery token.
/// </summary>
public sealed partial class ConsoleHttpSession : IDisposable
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public ConsoleHttpSession(RunningServer server)
    {
        Client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
    }

    public HttpClient Client { get; }

    /// <summary>The session cookie's value, once logged in.</summary>
    public string? SessionCookie => _cookies.GetValueOrDefault("secureexec_session");

    public async Task<HttpResponseMessage> GetAsync(string path) => await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>Reads the antiforgery token from the form on <paramref name="formPage"/>, then posts <paramref name="fields"/> to it.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string handler, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var page = await (await GetAsync(formPage)).Content.ReadAsStringAsync();
        var all = new List<KeyValuePair<string, string>> { new("_handler", handler) };
        if (withToken)
        {
            all.Add(new("__RequestVerificationToken", TokenInput().Match(page).Groups[1].Value));
        }

        all.AddRange(fields);
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, formPage) { Content = new FormUrlEncodedContent(all) });
    }

    public async Task<HttpResponseMessage> LoginAsync(string name, string password = RunningServer.Password) =>
        await PostFormAsync("/console/login", "login", [new("Input.Name", name), new("Input.Password", password)]);

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await Client.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';')[0].Split('=', 2);
            if (pair[1].Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                _cookies.Remove(pair[0]);
            }
            else
            {
                _cookies[pair[0]] = pair[1];
            }
        }

        return response;
    }

    /// <summary>The raw Set-Cookie headers of a response.</summary>
    public static IReadOnlyList<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    /// <summary>Whether the response sends the browser to the login page.</summary>
    public static bool IsLoginRedirect(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/console/login", StringComparison.Ordinal) == true;
}
