namespace AuthServer.Tests.Processes;

/// <summary>Finds the repository and the server build that matches the tests' configuration.</summary>
internal static class RepositoryPaths
{
    /// <summary>The directory holding <c>AuthServer.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary><c>src/AuthServer/bin/{Debug|Release}/net10.0/AuthServer.dll</c>, built with the tests (they reference it).</summary>
    public static string ServerAssembly
    {
        get
        {
            // The tests run from tests/AuthServer.Tests/bin/{configuration}/{framework}/.
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!.Name;
            var path = Path.Combine(Root, "src", "AuthServer", "bin", configuration, framework.Name, "AuthServer.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Build the server first: {path} is missing.", path);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuthServer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("AuthServer.sln not found above the test directory.");
    }
}