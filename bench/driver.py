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


def submit_clients(port: int, pools: list[list[dict[str, object]]], done: list[int]) -> list[Step]:
    def client(pool: list[dict[str, object]]) -> Step:
        queue = list(pool)

        async def step() -> str:
            if not queue:
                raise Exhausted
            item = queue.pop(0)
            pk = int(str(item["pk"]))
            cookies = {"sessionid": str(item["session"]), "csrftoken": CSRF}
            answer = await request(
                port, "POST", f"/applications/{pk}/submit/", cookies, {"confirm": "yes", "csrfmiddlewaretoken": CSRF}
            )
            problem = expect(answer, 302, f"/applications/{pk}/")
            if not problem:
                done.append(pk)
            return problem

        return step

    return [client(pool) for pool in pools]


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


def row(name: str, unit: str, tally: Tally, seconds: float, floor_rate: float | None) -> tuple[str, float]:
    rate = len(tally.latencies) / seconds
    ms = [v * 1000 for v in tally.latencies] or [0.0]
    ratio = f"{rate / floor_rate:6.0%}" if floor_rate else "  100%"
    errors = f"{tally.errors}" + (f" {tally.error_kinds}" if tally.errors else "")
    line = (
        f"{name:<36} {rate:8.1f} {unit:<9} {percentile(ms, 0.5):8.1f} {percentile(ms, 0.99):8.1f} "
        f"{statistics.fmean(ms):8.1f} {len(tally.latencies):8d}  {ratio}  {errors}"
    )
    return line, rate


async def main(port: int, manifest: Path, seconds: float, results: Path, done_path: Path) -> None:
    plan = json.loads(manifest.read_text())
    n = len(plan["submit"])
    print(f"[driver] {n} clients, {seconds:.0f} s per scenario (+{WARMUP:.0f} s warm-up), loopback port {port}")
    began = time.monotonic()
    applicants = await asyncio.gather(*(login(port, c["login"], c["password"]) for c in plan["status"]))
    print(f"[driver] {len(applicants)} applicants logged in over HTTP in {time.monotonic() - began:.1f} s")
    done: list[int] = []
    scenarios: list[tuple[str, str, list[Step]]] = [
        ("floor: one INSERT", "req/s", floor_clients(port, n)),
        (
            "status page GET /applications/<pk>/",
            "req/s",
            page_clients(
                port, [(c, f"/applications/{s['pk']}/") for c, s in zip(applicants, plan["status"], strict=True)]
            ),
        ),
        (
            "unit queue GET /unit-review/",
            "req/s",
            page_clients(port, [({"sessionid": q["session"]}, "/unit-review/") for q in plan["queue"]]),
        ),
        ("submit POST .../submit/", "submits/s", submit_clients(port, plan["submit"], done)),
    ]
    header = f"{'scenario':<36} {'rate':>8} {'':<9} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8} {'count':>8}"
    header += f"  {'floor':>5}  errors"
    lines = [header, "-" * len(header)]
    floor_rate: float | None = None
    for name, unit, clients in scenarios:
        print(f"[driver] {name} …", flush=True)
        tally, span = await run(clients, seconds)
        line, rate = row(name, unit, tally, span, floor_rate)
        floor_rate = floor_rate or rate
        lines.append(line)
        print(line, flush=True)
    done_path.write_text(json.dumps(done))
    table = "\n".join(lines)
    print("\n" + table)
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(table + "\n")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5])))
