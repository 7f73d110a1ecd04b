using AuthServer.Hosting;

namespace AuthServer.Compare;

/// <summary>
/// <c>--compare</c>: the four strategies side by side at <c>/compare</c>. This process serves the page, forwards its
/// calls and runs the embedded Redis; every strategy runs as two real AuthServer processes (A and B) of this same binary.
/// </summary>
internal static class Comparison
{
    public const string Switch = "--compare";

    public static bool IsRequested(string[] args) => args.Contains(Switch, StringComparer.Ordinal);

    public static int Run(string[] args)
    {
        var builder = WebApplication.CreateBuilder([.. args.Where(a => a != Switch), "--hostBuilder:reloadConfigOnChange=false"]);
        // A teaching tool: throwaway keys and servers that anyone on the machine could drive. Never a deployment.
        if (!builder.Environment.IsDevelopment())
        {
            Console.Error.WriteLine(
                $"AuthServer cannot start the comparison in environment {builder.Environment.EnvironmentName}: it is a teaching tool that runs only " +
                "in Development (dotnet run --project src/AuthServer -- --compare sets it; or ASPNETCORE_ENVIRONMENT=Development).");
            return 1;
        }

        try
        {
            return StartupGuard.Run(() =>
            {
                builder.AddComparison();
                var app = builder.Build();
                app.UseComparison();
                app.MapComparison();
                app.Run();
            });
        }
        catch (ComparisonStartException ex)
        {
            Console.Error.WriteLine($"AuthServer cannot start the comparison: {ex.Message}");
            return 1;
        }
    }
}
