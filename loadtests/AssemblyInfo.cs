// The load tests drive Linux tools (taskset, wrk, nginx, redis-server) and read /proc.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
