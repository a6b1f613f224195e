"""End-to-end bench: simulated customers (asyncio + httpx, loopback) run the scripted conversation
(bench/conversations.py) through the gateway's REST channel, and the same script straight to
Rasa's REST webhook with the metadata the gateway adds, at several concurrencies, on one stack.
Prints and writes messages per second, latency percentiles, errors (HTTP, timeouts, unexpected
answers), the gateway's cost over Rasa alone, and the resident memory of each process tree.

Each level runs for --seconds or --max-conversations per route, whichever first; every
conversation is a fresh bench customer's.

--instances N (N >= 2) measures `bankbot run --instances N` instead: N action servers, Rasa
servers and gateways on PostgreSQL (a database of the bench's own unless --database-url) and
Redis (a key prefix of its own); results in bench/results/e2e_instances<N>.{json,md}.

Run: .venv/bin/python -m bench.e2e [--levels 1,8,32,64] [--seconds 20] [--profile]
     [--database-url postgresql+psycopg://...]   (default: SQLite in a temp dir)
     [--instances 2 [--skip-if-unreachable]]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
from pathlib import Path

from bankbot_cli.launched_stack import LaunchedStack
from bench import results
from bench.customers import seed_customers
from bench.load import LevelResult, Route, StraightToRasa, ThroughGateway, run_level
from bench.machine import describe
from bench.memory import PeakMemory, by_kind, rss_mb
from bench.profiling import start_recording, top_functions
from bench.scaled import StoresUnreachable, scaled_stores
from bench.stack import start_stack

PROFILED_CONCURRENCY = 8
PROFILE_STEM = "profile_rasa_c8"
STACK_RSS_LIMIT_MB = 3 * 1024
RASA_ROUTE_SCALED = (
    "conversation i (in the order they start) to Rasa instance i mod N, all its messages there; "
    "through the gateways, Rasa instances are taken round-robin per message"
)


def results_name(instances: int) -> str:
    return "e2e" if instances == 1 else f"e2e_instances{instances}"


def conversations_cap(concurrency: int, given: int | None) -> int:
    return given if given else max(3 * concurrency, 60)


def _line(r: LevelResult) -> str:
    f = r.figures()
    lat = f["latency"]
    return (
        f"  c={r.concurrency:<3} {r.route:<8} {f['messages_per_second']:>7} msg/s  "
        f"p50 {lat['p50_ms']} ms  p95 {lat['p95_ms']} ms  p99 {lat['p99_ms']} ms  "
        f"errors {f['errors']} {f['errors_by_kind'] or ''}  ({f['messages']} messages, "
        f"{f['conversations_completed']}/{f['conversations_started']} conversations done, {f['seconds']} s)"
    )


def run_bench(stack: LaunchedStack, args: argparse.Namespace) -> dict:
    levels = [int(c) for c in args.levels.split(",")]
    routes: list[Route] = [
        ThroughGateway(stack.gateway_url, stack.instances),
        StraightToRasa(stack.rasa_urls),
    ]
    needed = sum(conversations_cap(c, args.max_conversations) for c in levels) * len(routes) + len(routes)
    if args.profile:
        needed += conversations_cap(PROFILED_CONCURRENCY, args.max_conversations)
    print(f"seeding {needed} bench customers ...", flush=True)
    customers = iter(seed_customers(stack.env["DATABASE_URL"], needed))
    profile = {}
    runs: list[LevelResult] = []
    with PeakMemory(lambda: rss_mb(stack.service_pids())) as memory:
        idle = memory.sample()
        for route in routes:  # one conversation each first: cold paths are not what we measure
            warm = asyncio.run(run_level(route, iter([next(customers)]), 1, 60))
            print(f"  warm-up {route.name}: {warm.good_messages} messages, errors {dict(warm.errors)}")
        for index, concurrency in enumerate(levels):
            cap = conversations_cap(concurrency, args.max_conversations)
            # Alternate which route goes first, so a drift in the machine's load favours neither.
            for route in routes if index % 2 == 0 else routes[::-1]:
                batch = iter([next(customers) for _ in range(cap)])
                result = asyncio.run(run_level(route, batch, concurrency, args.seconds, args.timeout))
                runs.append(result)
                print(_line(result), flush=True)
        if args.profile:
            profile = profiled_run(stack, routes[0], customers, args)
        after = memory.sample()
    return {
        "instances": stack.instances,
        **({"rasa_route": RASA_ROUTE_SCALED} if stack.instances > 1 else {}),
        "levels": levels,
        "seconds_per_level": args.seconds,
        "database": "PostgreSQL" if "postgresql" in stack.env["DATABASE_URL"] else "SQLite",
        "customers_per_conversation": "a fresh bench customer per conversation",
        "runs": [r.figures() for r in runs],
        "gateway_cost": gateway_cost(runs),
        "memory_mb": {
            "idle": idle,
            "after": after,
            "peak": memory.peak,
            "idle_total": round(sum(idle.values()), 1),
            "after_total": round(sum(after.values()), 1),
            "peak_total": round(memory.peak_total, 1),
            "by_kind": {"idle": by_kind(idle), "after": by_kind(after), "peak": memory.peak_by_kind},
        },
        "profiled": profile,
    }


def profiled_run(stack: LaunchedStack, route: Route, customers, args: argparse.Namespace) -> dict:
    """One more run through the gateway at c=8 with py-spy on Rasa; its figures (py-spy's overhead
    included) are kept apart from the measured levels."""
    cap = conversations_cap(PROFILED_CONCURRENCY, args.max_conversations)
    batch = iter([next(customers) for _ in range(cap)])
    pids = stack.service_pids()
    rasa = pids.get("rasa") or pids["rasa-0"]  # scaled: instance 0 only, which gets 1/N of the messages
    stem = PROFILE_STEM if stack.instances == 1 else f"profile_rasa0_c8_instances{stack.instances}"
    recording = start_recording(rasa, int(args.seconds), results.RESULTS, stem)
    result = asyncio.run(run_level(route, batch, PROFILED_CONCURRENCY, args.seconds, args.timeout))
    print(_line(result) + "  (profiled)", flush=True)
    recording.wait(timeout=args.seconds + 60)
    top_path = results.RESULTS / f"{stem}_top.txt"
    top_path.write_text(top_functions(recording.speedscope, limit=40))
    print(f"  profile of Rasa: {recording.svg}, {recording.speedscope}, {top_path}")
    return {
        "flamegraph_svg": recording.svg.name,
        "speedscope": recording.speedscope.name,
        "top_functions": top_path.name,
        "run": result.figures(),
    }


def gateway_cost(runs: list[LevelResult]) -> list[dict]:
    """Per concurrency: how much slower (p50, mean) and how much less throughput via the gateway."""
    by = {(r.route, r.concurrency): r.figures() for r in runs}
    costs = []
    for (route, concurrency), gateway in by.items():
        rasa = by.get(("rasa", concurrency))
        if route != "gateway" or rasa is None:
            continue
        gl, rl = gateway["latency"], rasa["latency"]
        costs.append(
            {
                "concurrency": concurrency,
                "p50_gateway_ms": gl["p50_ms"],
                "p50_rasa_ms": rl["p50_ms"],
                "p50_cost_pct": _pct(gl["p50_ms"], rl["p50_ms"]),
                "mean_cost_pct": _pct(gl["mean_ms"], rl["mean_ms"]),
                "throughput_gateway": gateway["messages_per_second"],
                "throughput_rasa": rasa["messages_per_second"],
            }
        )
    return costs


def _pct(through: float | None, alone: float | None) -> float | None:
    if not through or not alone:
        return None
    return round(100 * (through / alone - 1), 1)


def targets(figures: dict) -> list[results.Target]:
    runs = {(r["route"], r["concurrency"]): r for r in figures["runs"]}
    c8, c32, c64 = (runs.get(("gateway", c)) for c in (8, 32, 64))
    cost = {c["concurrency"]: c["p50_cost_pct"] for c in figures["gateway_cost"]}
    return [
        results.at_most("gateway p50 at c=8", 50, c8 and c8["latency"]["p50_ms"], "ms"),
        results.at_most("gateway p99 at c=8", 200, c8 and c8["latency"]["p99_ms"], "ms"),
        results.at_least("gateway throughput at c=32", 100, c32 and c32["messages_per_second"], "msg/s"),
        results.at_most("gateway errors at c=64", 0, c64 and c64["errors"], ""),
        # At c=1 the added latency shows plainly; from c=8 on both routes queue behind a busy Rasa.
        results.at_most("gateway cost over Rasa alone (p50, c=1)", 15, cost.get(1), "%"),
        results.at_most("gateway cost over Rasa alone (p50, c=8)", 15, cost.get(8), "%"),
        results.at_most(
            "whole stack RSS (peak)" + (f", {n} instances" if (n := figures.get("instances", 1)) > 1 else ""),
            STACK_RSS_LIMIT_MB,
            figures["memory_mb"]["peak_total"],
            "MB",
        ),
    ]


def sections(figures: dict) -> list[str]:
    rows = []
    for r in figures["runs"]:
        lat = r["latency"]
        kinds = ", ".join(f"{k}: {n}" for k, n in r["errors_by_kind"].items())
        rows.append(
            [r["concurrency"], r["route"], f"{r['conversations_completed']}/{r['conversations_started']}",
             r["messages"], r["messages_per_second"], lat["p50_ms"], lat["p95_ms"], lat["p99_ms"],
             r["errors"] if not kinds else f"{r['errors']} ({kinds})", r["seconds"]]
        )  # fmt: skip
    load = results.markdown_table(
        ["c", "route", "conversations done/started", "messages", "good msg/s", "p50 ms", "p95 ms", "p99 ms",
         "errors", "s"],
        rows,
    )  # fmt: skip
    cost = results.markdown_table(
        ["c", "p50 gateway ms", "p50 Rasa ms", "p50 cost", "mean cost", "msg/s gateway", "msg/s Rasa"],
        [
            [c["concurrency"], c["p50_gateway_ms"], c["p50_rasa_ms"], f"{c['p50_cost_pct']} %",
             f"{c['mean_cost_pct']} %", c["throughput_gateway"], c["throughput_rasa"]]
            for c in figures["gateway_cost"]
        ],
    )  # fmt: skip
    mem = figures["memory_mb"]
    names = sorted(set(mem["idle"]) | set(mem["peak"]))
    rows = [[n, mem["idle"].get(n), mem["after"].get(n), mem["peak"].get(n)] for n in names]
    instances = figures.get("instances", 1)
    if instances > 1:  # each kind's N process trees together (its peak: at one sample)
        kinds = mem["by_kind"]
        rows += [[f"all {k}", kinds["idle"].get(k), kinds["after"].get(k), kinds["peak"].get(k)]
                 for k in sorted(kinds["peak"])]  # fmt: skip
    memory = results.markdown_table(
        ["process tree", "idle MB", "after the load MB", "peak MB"],
        rows + [["total", mem["idle_total"], mem["after_total"], mem["peak_total"]]],
    )
    scaled = (
        f"`bankbot run --instances {instances}`: {instances} action servers, Rasa servers and gateways "
        "on PostgreSQL (bank, gateway tables, Rasa's tracker store) and Redis (Rasa's lock store), no "
        "event broker. Route `gateway` goes to the gateways' shared port (the kernel spreads "
        f"connections over them); route `rasa`: {figures['rasa_route']}. "
        if instances > 1
        else ""
    )
    parts = [
        f"{scaled}Bank database: {figures['database']}; {figures['customers_per_conversation']}; each "
        f"level {figures['seconds_per_level']} s or its conversation cap, whichever first. Route "
        "`gateway`: `POST /webhooks/rest/webhook` on the gateway with a bearer session token; route "
        "`rasa`: Rasa's REST webhook with the metadata the gateway adds (signed identity). A message "
        "is good when its answer is what the script expects; errors are HTTP errors, timeouts and "
        "other answers.",
        "## Load\n\n" + load,
        *([served_section(figures["runs"])] if instances > 1 else []),
        "## The gateway's cost\n\n" + cost,
        "## Resident memory (RSS, whole process trees)\n\n" + memory,
    ]
    if figures["profiled"]:
        p = figures["profiled"]
        parts.append(
            "## Profile\n\npy-spy on Rasa"
            + (" instance 0" if instances > 1 else "")
            + " during an extra run through the gateway at "
            f"c={PROFILED_CONCURRENCY} "
            f"(not in the figures above): `{p['flamegraph_svg']}`, `{p['speedscope']}`, "
            f"`{p['top_functions']}`. That run, py-spy's overhead included: "
            f"{p['run']['messages_per_second']} msg/s, p50 {p['run']['latency']['p50_ms']} ms, "
            f"p99 {p['run']['latency']['p99_ms']} ms, errors {p['run']['errors']}."
        )
    return parts


def served_section(runs: list[dict]) -> str:
    """Which instances answered: gateway → Rasa pairs (response headers), or the Rasa instance."""
    rows = [
        [r["concurrency"], r["route"], ", ".join(f"{k}: {n}" for k, n in r.get("served_by", {}).items())]
        for r in runs
    ]
    return "## Answered by (messages)\n\n" + results.markdown_table(["c", "route", "instances"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--levels", default="1,8,32,64", help="concurrencies, comma-separated")
    parser.add_argument("--seconds", type=float, default=20, help="per level and route")
    parser.add_argument("--max-conversations", type=int, default=None, help="per level and route")
    parser.add_argument("--timeout", type=float, default=30, help="per message, seconds")
    parser.add_argument("--database-url", default=None, help="the bank's database (default: SQLite, temp)")
    parser.add_argument("--profile", action="store_true", help="an extra c=8 gateway run with py-spy on Rasa")
    parser.add_argument("--instances", type=int, default=1, help="N >= 2: `bankbot run --instances N`")
    parser.add_argument(
        "--skip-if-unreachable",
        action="store_true",
        help="with --instances: say so and exit 0 when PostgreSQL or Redis is not reachable",
    )
    args = parser.parse_args(argv)
    if args.instances < 1:
        parser.error("--instances must be 1 or more")
    if args.instances > 1 and args.database_url and not args.database_url.startswith("postgresql"):
        parser.error("--instances N needs --database-url on PostgreSQL (or none: the bench makes one)")
    machine = describe()
    try:
        figures = measure(args)
    except StoresUnreachable as exc:
        print(f"end-to-end bench with --instances {args.instances}: {exc}")
        if args.skip_if_unreachable:
            print("  skipped (--skip-if-unreachable)")
            return 0
        return 2
    checks = targets(figures)
    mem = figures["memory_mb"]
    print(
        f"  memory MB after the load: {mem['after']} total {mem['after_total']}; "
        f"peak total {mem['peak_total']}"
    )
    results.print_targets(checks)
    title = "End to end: simulated customers" + (
        f", {args.instances} instances" if args.instances > 1 else ""
    )
    path = results.write(results_name(args.instances), title, figures, sections(figures), checks, machine)
    print(f"  written {path} and {path.with_suffix('.json')}")
    return 0


def measure(args: argparse.Namespace) -> dict:
    """Start the stack (on its shared stores when scaled), run the levels, stop it."""
    with contextlib.ExitStack() as cleanup:
        tmp = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="bench-e2e-")))
        if args.instances == 1:
            print("end-to-end bench: starting a stack ...", flush=True)
            stack = start_stack(tmp, args.database_url)
        else:
            stores = cleanup.enter_context(scaled_stores(args.database_url))
            print(f"end-to-end bench: starting a stack with --instances {args.instances} ...", flush=True)
            stack = start_stack(tmp, stores.database_url, instances=args.instances, scaled_env=stores.env)
        # Before the stores are dropped (callbacks run last in, first out).
        cleanup.callback(stack.stop_leaving_nothing)
        return run_bench(stack, args)


if __name__ == "__main__":
    raise SystemExit(main())
