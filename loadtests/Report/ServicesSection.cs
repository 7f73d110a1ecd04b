namespace LoadTests.Report;

/// <summary>A second service in front of each strategy: what checking a credential costs it, and how fast a logout reaches it.</summary>
public static class ServicesSection
{
    public static void Write(ReportDocument d, ServicesResults? s)
    {
        if (s is null)
        {
            return;
        }

        d.H(2, "A second service: samples/OrdersApi in front of each strategy");
        d.P("The orders API uses only AuthServer.Client, which reads the strategy from the auth server at start: stock JwtBearer "
            + "for credentials that cannot be revoked, RFC 7662 introspection for those that can. `GET /orders` (a bearer credential, "
            + "the caller's orders) against the same service's `/health/live` (no credential), interleaved rounds, medians. The service "
            + "and its auth server share the server CPU, so an introspection's work on the auth server counts against the service; the "
            + "CPU columns say where the time went, per request. One credential per run: the best case for a cache.");
        List<ServiceVariant> measured = [.. s.Variants.Where(v => s.Rounds.Any(x => x.Variant == v.Name && x.Orders is not null))];
        d.Table(["variant", "per request", "ceiling req/s", "/orders req/s", "÷ ceiling", "p50 / p99 ms", "service CPU µs/req", "auth server CPU µs/req", "logout reaches the service"],
            measured.Select(v =>
            {
                List<ServiceRound> rounds = [.. s.Rounds.Where(x => x.Variant == v.Name && x.Orders is not null)];
                return new[]
                {
                    v.Name,
                    v.Validation,
                    $"{Targets.Median(rounds.Select(x => x.Ceiling.Rps)):N0}",
                    $"{Targets.Median(rounds.Select(x => x.Orders!.Rps)):N0}",
                    $"{Targets.Median(rounds.Select(x => x.Ratio ?? 0)):0.00}",
                    $"{Targets.Median(rounds.Select(x => x.Orders!.P50Ms)):0.00} / {Targets.Median(rounds.Select(x => x.Orders!.P99Ms)):0.00}",
                    $"{Targets.Median(rounds.Select(x => x.ServiceCpuUsPerRequest ?? 0)):0}",
                    $"{Targets.Median(rounds.Select(x => x.AuthServerCpuUsPerRequest ?? 0)):0}",
                    v.RevocationVerdict ?? "not measured",
                };
            }));
        d.Items(Explanations(s, measured));
        foreach (string problem in s.Variants.Where(v => v.Failure is not null).Select(v => $"**{v.Name}**: {v.Failure}")
            .Concat(s.Rounds.Where(x => x.Error is not null).Select(x => $"**{x.Variant}, round {x.Round}: not counted**: {x.Error}"))
            .Concat(s.Errors))
        {
            d.P(problem);
        }

        d.Details("every services round", string.Join('\n', s.Rounds.Select(x =>
            $"round {x.Round} {x.Variant,-44} ceiling {x.Ceiling.Rps,9:N0} req/s | /orders "
            + (x.Orders is null ? x.Error : $"{x.Orders.Rps,9:N0} req/s p99 {x.Orders.P99Ms,6:0.00} ms service {x.ServiceCpuUsPerRequest:0} µs/req auth {x.AuthServerCpuUsPerRequest:0} µs/req "
               + $"srv cpu {x.Orders.ServerCpuBusyPct:0}% wrk cpu {x.Orders.WrkCpuBusyPct:0}%"))));
    }

    /// <summary>The win or the miss of each way of checking, in terms of where this run saw the time go.</summary>
    private static IEnumerable<string> Explanations(ServicesResults s, List<ServiceVariant> measured)
    {
        (double Ratio, double Service, double Auth)? Of(ServiceVariant? v)
        {
            List<ServiceRound> rounds = v is null ? [] : [.. s.Rounds.Where(x => x.Variant == v.Name && x.Orders is not null)];
            return rounds.Count == 0 ? null : (Targets.Median(rounds.Select(x => x.Ratio ?? 0)) ?? 0,
                Targets.Median(rounds.Select(x => x.ServiceCpuUsPerRequest ?? 0)) ?? 0, Targets.Median(rounds.Select(x => x.AuthServerCpuUsPerRequest ?? 0)) ?? 0);
        }

        var local = measured.Where(v => v.CacheSeconds == 0 && !v.Validation.Contains("introspection", StringComparison.Ordinal)).Select(v => (v, Of(v))).ToList();
        var remote = measured.Where(v => v.CacheSeconds == 0 && v.Validation.Contains("introspection", StringComparison.Ordinal)).Select(v => (v, Of(v))).ToList();
        var cached = measured.Where(v => v.CacheSeconds > 0).Select(v => (v, Of(v))).ToList();
        foreach (var (v, f) in local.Where(x => x.Item2 is not null))
        {
            yield return $"**{v.Name}**: checked on the service's own CPU (the service spent {f!.Value.Service:0} µs per request, all its work included; the auth server {f.Value.Auth:0} µs): "
                + $"{f.Value.Ratio:0.00} of its ceiling. The win is that nothing else is asked per request; "
                + (v.Validation == ServicesPhase.RevocationList ? "the logout arrives by Redis pub/sub: " : "the miss is the logout: ") + $"{v.RevocationVerdict ?? "not measured"}.";
        }

        foreach (var (v, f) in remote.Where(x => x.Item2 is not null))
        {
            yield return $"**{v.Name}**: every request waits for an HTTP call to the auth server, which spends {f!.Value.Auth:0} µs of CPU deciding "
                + $"(the service itself {f.Value.Service:0} µs, its HTTP call included): {f.Value.Ratio:0.00} of the service's ceiling. The cost buys the logout: {v.RevocationVerdict ?? "not measured"}.";
        }

        foreach (var (v, f) in cached.Where(x => x.Item2 is not null))
        {
            yield return $"**{v.Name}**: {f!.Value.Ratio:0.00} of its ceiling with {f.Value.Auth:0} µs per request on the auth server, because this run presents one "
                + $"credential (almost every request a hit: the best case; real traffic pays one call per credential per {v.CacheSeconds:0} s). "
                + $"The price is the logout: {v.RevocationVerdict ?? "not measured"}.";
        }
    }

    /// <summary>For "which strategy when": what the strategy costs a second service, from this run's figures.</summary>
    public static IEnumerable<string> Summary(ServicesResults? s)
    {
        if (s is null)
        {
            yield break;
        }

        foreach (IGrouping<string, ServiceVariant> strategy in s.Variants.GroupBy(v => v.Strategy))
        {
            List<string> parts = [];
            foreach (ServiceVariant v in strategy)
            {
                List<ServiceRound> rounds = [.. s.Rounds.Where(x => x.Variant == v.Name && x.Orders is not null)];
                if (rounds.Count == 0)
                {
                    continue;
                }

                parts.Add($"{v.Validation}: {Targets.Median(rounds.Select(x => x.Ratio ?? 0)):0.00} of its ceiling, "
                    + $"{Targets.Median(rounds.Select(x => x.AuthServerCpuUsPerRequest ?? 0)):0} µs of auth-server CPU per request, logout {v.RevocationVerdict ?? "not measured"}");
            }

            if (parts.Count > 0)
            {
                yield return $"**{strategy.Key}, a second service**: {string.Join("; ", parts)}.";
            }
        }
    }

    /// <summary>What the revocation samples showed, in the service's terms.</summary>
    public static string Verdict(ServiceVariant v)
    {
        if (v.Revocation is not { } r || r.Refused + r.StillAccepted == 0)
        {
            return v.Revocation is null ? "not measured" : $"not measured ({v.Revocation.SetupFailures} samples failed before the logout)";
        }

        if (r.StillAccepted == 0)
        {
            return $"refused after p50 {r.Delay.P50Ms:0.0} ms, max {r.Delay.MaxMs:0.0} ms ({r.Refused} logouts)";
        }

        string partial = r.Refused > 0 ? $", refused in {r.Refused} (p50 {r.Delay.P50Ms:0} ms)" : "";
        return $"still accepted {r.PollLimitMs / 1000:0.#} s after the logout in {r.StillAccepted}/{r.Refused + r.StillAccepted}{partial}: until exp";
    }
}
