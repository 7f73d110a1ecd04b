using AuthServer.Strategies.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AuthServer.Tests.Postgres;

/// <summary>The timeouts filled into an operator's connection string, and the examples deploy/README gives.</summary>
public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void WithDefaults_FillsInShortTimeoutsAndPreparedStatements_WhenNoneAreGiven()
    {
        var result = new NpgsqlConnectionStringBuilder(PostgresConnectionString.WithDefaults("Host=db;Database=auth;Username=u;Password=p"));

        Assert.Equal((1, 1, -1), (result.Timeout, result.CommandTimeout, result.CancellationTimeout));
        Assert.Equal((20, true), (result.MaxAutoPrepare, result.NoResetOnClose));
        Assert.Equal(("db", "auth", "p"), (result.Host, result.Database, result.Password));
    }

    [Theory]
    [InlineData("Host=db;Timeout=7;Command Timeout=9;Cancellation Timeout=500;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;timeout=7;CommandTimeout=9;CancellationTimeout=500;MaxAutoPrepare=0;NoResetOnClose=false")]
    public void WithDefaults_KeepsWhatTheOperatorGave(string connectionString)
    {
        var result = new NpgsqlConnectionStringBuilder(PostgresConnectionString.WithDefaults(connectionString));

        Assert.Equal((7, 9, 500), (result.Timeout, result.CommandTimeout, result.CancellationTimeout));
        Assert.Equal((0, false), (result.MaxAutoPrepare, result.NoResetOnClose));
    }

    [Theory]
    [InlineData("Host=db.internal;Port=5432;Database=authserver;Username=authserver;Password=...;SSL Mode=VerifyFull")]
    [InlineData("Host=pg1.internal,pg2.internal;Target Session Attributes=read-write;Database=authserver;Username=authserver;Password=...")]
    [InlineData("Host=postgres;Port=5432;Database=authserver;Username=authserver;Password=authserver-local-only")]
    public void TheDocumentedExamples_AreAccepted(string connectionString) =>
        Assert.NotEmpty(PostgresConnectionString.WithDefaults(connectionString));

    [Fact]
    public void Describe_NamesHostPortAndDatabase_NeverThePassword()
    {
        var described = PostgresConnectionString.Describe("Host=db;Port=6432;Database=auth;Username=u;Password=hunter2");

        Assert.Equal("db:6432/auth", described);
    }

    [Fact]
    public void AnUnknownKeyword_IsRefusedNamingTheSetting_WithoutItsValue()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => PostgresConnectionString.WithDefaults("Host=db;Pasword=hunter2"));

        Assert.Contains("ConnectionStrings:Postgres", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", refused.Message, StringComparison.Ordinal);
    }
}
