"""The load driver: closed-loop virtual clients over HTTP/1.1 on loopback, standard library only (asyncio).

python bench/driver.py PORT MANIFEST.json SECONDS RESULTS.txt DONE.json

Each scenario runs CLIENTS clients for SECONDS after a short warm-up; every client sends its next request
as soon as the previous answer has arrived (no think time), so the figures are the server's capacity at
that concurrency. gunicorn's sync workers close the connection after each answer, so each request opens one.
"""

import asyncio
import json
import re
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"
WARMUP = 3.0
CSRF = "benchcsrf" + "0" * 23  # a 32-character CSRF secret, sent as the cookie and as the form field
SUBMIT = "/applications/{pk}/submit/"
FLOOR_SUBMIT = "/bench/floor/submit/{pk}/"


class Exhausted(Exception):
    """A submitting client has no draft left."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    body: bytes


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)

    def fail(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


async def request(
    port: int, method: str, path: str, cookies: dict[str, str], form: dict[str, str] | None = None
) -> Response:
    body = urlencode(form).encode() if form is not None else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close", "User-Agent: zhicheng-bench"]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if form is not None:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        raw = await reader.read()
    finally:
        writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    got: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        if name.lower() == "set-cookie":
            key, _, rest = value.strip().partition("=")
            got[key] = rest.split(";", 1)[0]
        else:
            headers[name.lower()] = value.strip()
    return Response(int(status_line.split()[1]), headers, got, payload)


# A client's next request: "" on success, else what went wrong.
Step = Callable[[], Awaitable[str]]


async def run(clients: list[Step], seconds: float) -> tuple[Tally, float]:
    """Run every client in a loop: WARMUP seconds uncounted, then `seconds` counted."""
    tally = Tally()
    start = time.monotonic()
    counted_from = start + WARMUP
    stop = counted_from + seconds

    async def loop(step: Step) -> None:
        while (now := time.monotonic()) < stop:
            try:
                kind = await step()
            except Exhausted:
                return
            except (OSError, ValueError, IndexError) as exc:
                kind = type(exc).__name__
            if now >= counted_from:
                if not kind:
                    tally.latencies.append(time.monotonic() - now)
                else:
                    tally.fail(kind)

    await asyncio.gather(*(loop(c) for c in clients))
    return tally, seconds


def floor_clients(port: int, n: int) -> list[Step]:
    async def step() -> str:
        return expect(await request(port, "POST", "/bench/floor/", {}, {}), 200)

    return [step for _ in range(n)]


def page_clients(port: int, sessions: list[tuple[dict[str, str], str]]) -> list[Step]:
    def client(cookies: dict[str, str], path: str) -> Step:
        async def step() -> str:
            answer = await request(port, "GET", path, cookies)
            return expect(answer, 200) or ("" if b"</html>" in answer.body else "truncated page")

        return step

    return [client(cookies, path) for cookies, path in sessions]


def submit_clients(port: int, pools: list[list[dict[str, object]]], done: list[int], path: str) -> list[Step]:
    """Clients that each submit their own drafts, one after another, to `path` (formatted with the draft's pk)."""

    def client(pool: list[dict[str, object]]) -> Step:
        queue = list(pool)

        async def step() -> str:
            if not queue:
                raise Exhausted
            return await submit_one(port, queue.pop(0), done, path)

        return step

    return [client(pool) for pool in pools]


async def submit_one(port: int, item: dict[str, object], done: list[int], path: str) -> str:
    pk = int(str(item["pk"]))
    cookies = {"sessionid": str(item["session"]), "csrftoken": CSRF}
    form = {"confirm": "yes", "csrfmiddlewaretoken": CSRF}
    problem = expect(await request(port, "POST", path.format(pk=pk), cookies, form), 302, f"/applications/{pk}/")
    if not problem:
        done.append(pk)
    return problem


async def open_loop(
    port: int,
    pages: list[tuple[dict[str, str], str]],
    drafts: list[dict[str, object]],
    rates: tuple[float, float],
    seconds: float,
    done: list[int],
) -> tuple[Tally, Tally]:
    """Requests arrive at fixed rates (pages/s, submissions/s) whatever the answers: latency counts from the arrival.

    Measuring from the scheduled arrival, not from the send, keeps a slow answer from hiding the requests that
    would have queued behind it (coordinated omission).
    """
    page_tally, submit_tally = Tally(), Tally()
    page_rate, submit_rate = rates
    pending: set[asyncio.Task[None]] = set()
    drafts = list(drafts)

    async def one(scheduled: float, tally: Tally, call: Awaitable[str]) -> None:
        try:
            kind = await call
        except (OSError, ValueError, IndexError) as exc:
            kind = type(exc).__name__
        if kind:
            tally.fail(kind)
        else:
            tally.latencies.append(time.monotonic() - scheduled)

    def arrivals(rate: float) -> list[float]:
        return [n / rate for n in range(int(seconds * rate))]

    schedule = sorted(
        [(t, "page", n) for n, t in enumerate(arrivals(page_rate))]
        + [(t, "submit", n) for n, t in enumerate(arrivals(submit_rate))]
    )
    start = time.monotonic()
    for offset, kind, n in schedule:
        scheduled = start + offset
        await asyncio.sleep(max(0.0, scheduled - time.monotonic()))
        if kind == "page":
            cookies, path = pages[n % len(pages)]
            call = page_clients(port, [(cookies, path)])[0]()
            task = asyncio.create_task(one(scheduled, page_tally, call))
        else:
            if not drafts:
                submit_tally.fail("no draft left")
                continue
            call = submit_one(port, drafts.pop(0), done, "/applications/{pk}/submit/")
            task = asyncio.create_task(one(scheduled, submit_tally, call))
        pending.add(task)
        task.add_done_callback(pending.discard)
    await asyncio.gather(*pending)
    return page_tally, submit_tally


async def login(port: int, identifier: str, password: str) -> dict[str, str]:
    """Log in as an applicant through the login page, as a browser does."""
    page = await request(port, "GET", "/accounts/login/", {})
    cookies = dict(page.cookies)
    answer = await request(
        port,
        "POST",
        "/accounts/login/",
        cookies,
        {"identifier": identifier, "password": password, "csrfmiddlewaretoken": cookies["csrftoken"]},
    )
    if answer.status != 302 or "sessionid" not in answer.cookies:
        raise RuntimeError(f"login failed for {identifier[:6]}…: HTTP {answer.status}")
    return cookies | answer.cookies


def expect(answer: Response, status: int, location: str = "") -> str:
    """ "" if the answer is the expected one, else a short description (status and redirect target)."""
    if answer.status == status and answer.headers.get("location", "") == location:
        return ""
    target = re.sub(r"/\d+/", "/<pk>/", answer.headers.get("location", ""))
    return f"HTTP {answer.status}" + (f" -> {target}" if target else "")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def row(
    name: str, unit: str, tally: Tally, seconds: float, own: float | None, insert: float | None
) -> tuple[str, float]:
    """One line of the table; `own` and `insert` are the rates of the scenario's own floor and of the INSERT floor."""
    rate = len(tally.latencies) / seconds
    ms = [v * 1000 for v in tally.latencies] or [0.0]
    ratios = " ".join(f"{rate / base:6.0%}" if base else "     -" for base in (own, insert))
    errors = f"{tally.errors}" + (f" {tally.error_kinds}" if tally.errors else "")
    line = (
        f"{name:<40} {rate:8.1f} {unit:<9} {percentile(ms, 0.5):8.1f} {percentile(ms, 0.99):8.1f} "
        f"{statistics.fmean(ms):8.1f} {len(tally.latencies):8d}  {ratios}  {errors}"
    )
    return line, rate


# The forecast peak for the whole city and the open loop's arrival rates, twice the forecast (bench/README.md).
FORECAST_PAGES, FORECAST_SUBMITS = 50.0, 2.5


async def main(port: int, manifest: Path, seconds: float, results: Path, done_path: Path) -> None:
    plan = json.loads(manifest.read_text())
    n = len(plan["submit"])
    print(f"[driver] {n} clients, {seconds:.0f} s per scenario (+{WARMUP:.0f} s warm-up), loopback port {port}")
    began = time.monotonic()
    applicants = await asyncio.gather(*(login(port, c["login"], c["password"]) for c in plan["status"]))
    print(f"[driver] {len(applicants)} applicants logged in over HTTP in {time.monotonic() - began:.1f} s")
    done: list[int] = []
    status_pages = [(c, f"/applications/{s['pk']}/") for c, s in zip(applicants, plan["status"], strict=True)]
    queue_pages = [({"sessionid": q["session"]}, "/unit-review/") for q in plan["queue"]]
    # (name, unit, clients, name of its own floor or None for a floor)
    scenarios: list[tuple[str, str, list[Step], str | None]] = [
        ("floor: one INSERT", "req/s", floor_clients(port, n), None),
        ("floor: submission writes", "submits/s", submit_clients(port, plan["floor_submit"], [], FLOOR_SUBMIT), None),
        ("submit POST .../submit/", "submits/s", submit_clients(port, plan["submit"], done, SUBMIT), "submission"),
        (
            "floor: status page",
            "req/s",
            page_clients(
                port, [(c, path.replace("/applications/", "/bench/floor/status/")) for c, path in status_pages]
            ),
            None,
        ),
        ("status page GET /applications/<pk>/", "req/s", page_clients(port, status_pages), "status page"),
        (
            "floor: unit queue",
            "req/s",
            page_clients(port, [({}, f"/bench/floor/queue/{q['unit']}/") for q in plan["queue"]]),
            None,
        ),
        ("unit queue GET /unit-review/", "req/s", page_clients(port, queue_pages), "unit queue"),
    ]
    header = f"{'scenario':<40} {'rate':>8} {'':<9} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8} {'count':>8}"
    header += f"  {'floor':>6} {'INSERT':>6}  errors"
    lines = [header, "-" * len(header)]
    floors: dict[str, float] = {}
    for name, unit, clients, own in scenarios:
        print(f"[driver] {name} …", flush=True)
        tally, span = await run(clients, seconds)
        line, rate = row(name, unit, tally, span, floors.get(own or ""), floors.get("one INSERT"))
        if own is None:
            floors[name.removeprefix("floor: ").removesuffix(" writes")] = rate
        lines.append(line)
        print(line, flush=True)
    rates = (2 * FORECAST_PAGES, 2 * FORECAST_SUBMITS)
    print(
        f"[driver] open loop: {rates[0]:.0f} pages/s + {rates[1]:.0f} submissions/s for {seconds:.0f} s …", flush=True
    )
    pages, submits = await open_loop(port, status_pages + queue_pages, plan["open_submit"], rates, seconds, done)
    lines.append(f"open loop at twice the forecast peak ({rates[0]:.0f} pages/s + {rates[1]:.0f} submissions/s):")
    for name, tally, rate in (("  pages", pages, rates[0]), ("  submissions", submits, rates[1])):
        ms = [v * 1000 for v in tally.latencies] or [0.0]
        lines.append(
            f"{name:<40} {len(tally.latencies) / seconds:8.1f} of {rate:<6.1f} {percentile(ms, 0.5):8.1f} "
            f"{percentile(ms, 0.99):8.1f} {statistics.fmean(ms):8.1f} {len(tally.latencies):8d}  "
            f"errors {tally.errors}" + (f" {tally.error_kinds}" if tally.errors else "")
        )
        print(lines[-1], flush=True)
    done_path.write_text(json.dumps(done))
    table = "\n".join(lines)
    print("\n" + table)
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(table + "\n")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5])))
