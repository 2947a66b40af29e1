using SecureExec.Core.Authorization;

namespace SecureExec.Core.Tests.Authorization;

public sealed class ScopeTokenTests
{
    [Theory]
    [InlineData("file:read")]
    [InlineData("jobs:read:all")]
    [InlineData("admin")]
    [InlineData("a")]
    [InlineData("https://api.example.com/scope.read")]
    [InlineData("x!#$%&'()*+,-./;<=>?@[]^_`{|}~")]
    public void IsValid_Rfc6749ScopeToken_IsAccepted(string scope)
    {
        Assert.True(ScopeToken.IsValid(scope));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("file read")]
    [InlineData("file:read ")]
    [InlineData("file\"read")]
    [InlineData("file\\read")]
    [InlineData("file\tread")]
    [InlineData("file\nread")]
    [InlineData("file\u007fread")]
    [InlineData("fil\u00e9:read")]
    [InlineData("file\uff1aread")]
    public void IsValid_AnythingElse_IsRefused(string? scope)
    {
        Assert.False(ScopeToken.IsValid(scope));
    }

    [Fact]
    public void IsValid_LongerThanTheBound_IsRefused()
    {
        Assert.True(ScopeToken.IsValid(new string('s', ScopeToken.MaxLength)));
        Assert.False(ScopeToken.IsValid(new string('s', ScopeToken.MaxLength + 1)));
    }
}
