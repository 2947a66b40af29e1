using System.Net;
using System.Text;
using static SecureExec.Server.Tests.Jobs.JobsTestSupport;

namespace SecureExec.Server.Tests.Jobs;

[Collection(SandboxRunsCollection.Name)]
public sealed class OutputTests
{
    [Fact]
    public async Task Output_IsReadInPages_UntilNextOffsetIsNull()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var id = (await client.RunAsync("count_to", new { n = 3000 })).GetProperty("id").GetString()!;
        var expected = string.Concat(Enumerable.Range(1, 3000).Select(i => $"{i}\n"));

        var text = new StringBuilder();
        long? offset = 0;
        var pages = 0;
        while (offset is not null)
        {
            using var response = await client.GetAsync($"/jobs/{id}/output?stream=stdout&offset={offset}&length=1000");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.JsonAsync();
            Assert.Equal(expected.Length, page.GetProperty("total").GetInt64());
            text.Append(page.GetProperty("data").GetString());
            offset = page.GetProperty("next_offset").ValueKind == System.Text.Json.JsonValueKind.Null ? null : page.GetProperty("next_offset").GetInt64();
            pages++;
        }

        Assert.Equal(expected, text.ToString());
        Assert.Equal((expected.Length + 999) / 1000, pages);
    }

    [Fact]
    public async Task Output_PastTheTemplatesCap_EndsTheJobLimitExceeded_WithTheCappedPrefixKept()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));

        var job = await client.RunAsync("count_to", new { n = 1000000 });

        Assert.Equal("limit_exceeded", job.GetProperty("status").GetString());
        Assert.Equal("output", job.GetProperty("limit").GetString());
        Assert.True(job.GetProperty("output_truncated").GetBoolean());
        Assert.Equal(64 * 1024, job.GetProperty("stdout_bytes").GetInt64());
        Assert.StartsWith("1\n2\n3\n", await client.StdoutAsync(job.GetProperty("id").GetString()!));
    }

    [Theory]
    [InlineData("stream=stdin", "stream")]
    [InlineData("offset=-1", "offset")]
    [InlineData("length=0", "length")]
    [InlineData("length=2000000", "length")]
    public async Task Output_WithABadQuery_Returns400NamingIt(string query, string field)
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var id = (await client.RunAsync("echo_literal", new { text = "x" })).GetProperty("id").GetString()!;

        using var response = await client.GetAsync($"/jobs/{id}/output?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Output_ThatIsNotUtf8_IsBase64()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var id = (await client.RunAsync("echo_literal", new { text = "h\u00e9llo" })).GetProperty("id").GetString()!;

        // Cutting "é" (two bytes) in half leaves a slice that is not UTF-8.
        using var response = await client.GetAsync($"/jobs/{id}/output?offset=0&length=2");

        var page = await response.JsonAsync();
        Assert.Equal("base64", page.GetProperty("encoding").GetString());
        Assert.Equal(new byte[] { (byte)'h', 0xC3 }, Convert.FromBase64String(page.GetProperty("data").GetString()!));
        Assert.Equal(2, page.GetProperty("next_offset").GetInt64());
    }
}
