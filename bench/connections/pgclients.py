#!/usr/bin/env python3
"""Many PostgreSQL clients on raw sockets (standard library only), for bench/connections/run.sh.

  idle  opens COUNT connections in batches (v3 StartupMessage with user and database, trust auth, read up to
        ReadyForQuery 'Z'), writes a JSON report to --ready-file, holds every socket open until --release-file
        exists (or --hold-max seconds pass), then checks which are still open, runs SELECT 1 on a sample of
        them, sends Terminate on all, closes them and writes the final JSON report to stdout.
  busy  COUNT asyncio clients, each running point SELECTs by key in a loop (simple protocol) for DURATION
        seconds; JSON report (transactions, errors by SQLSTATE and message) on stdout. The script's fallback
        when pgbench cannot open that many connections.

No application_name is sent, so nothing is replayed on the router's backend connections.
"""
import argparse
import asyncio
import collections
import errno
import json
import os
import random
import selectors
import socket
import struct
import sys
import time


def startup_message(user, database):
    body = struct.pack("!i", 196608)
    for k, v in (("user", user), ("database", database)):
        body += k.encode() + b"\0" + v.encode() + b"\0"
    body += b"\0"
    return struct.pack("!i", len(body) + 4) + body


def query_message(sql):
    b = sql.encode() + b"\0"
    return b"Q" + struct.pack("!i", len(b) + 4) + b


TERMINATE = b"X" + struct.pack("!i", 4)


def error_fields(body):
    """ErrorResponse body -> 'SQLSTATE message'."""
    fields = {}
    for part in body.split(b"\0"):
        if part:
            fields[chr(part[0])] = part[1:].decode("utf-8", "replace")
    return f"{fields.get('C', '?????')} {fields.get('M', '')}".strip()


def split_messages(buf):
    """Complete backend messages at the start of buf -> ([(type, body)], rest)."""
    out = []
    pos = 0
    while len(buf) - pos >= 5:
        t = buf[pos:pos + 1]
        (n,) = struct.unpack_from("!i", buf, pos + 1)
        if n < 4 or n > (1 << 26):
            raise ValueError(f"bad message length {n}")
        if len(buf) - pos < 1 + n:
            break
        out.append((t, bytes(buf[pos + 5:pos + 1 + n])))
        pos += 1 + n
    return out, buf[pos:]


# ----------------------------------------------------------------------------------------------------------
# idle

class Conn:
    __slots__ = ("sock", "buf", "state", "started")

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.state = "connecting"
        self.started = time.monotonic()


def open_batch(sel, host, port, n, startup, timeout, failures, startup_times):
    """Opens n connections concurrently; returns the sockets that reached ReadyForQuery."""
    live = set()
    for _ in range(n):
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        except OSError as e:
            failures[f"client socket(): {errno.errorcode.get(e.errno, e.errno)} {e.strerror}"] += 1
            continue
        s.setblocking(False)
        rc = s.connect_ex((host, port))
        if rc not in (0, errno.EINPROGRESS):
            failures[f"connect: {errno.errorcode.get(rc, rc)}"] += 1
            s.close()
            continue
        c = Conn(s)
        live.add(c)
        sel.register(s, selectors.EVENT_WRITE, c)
    ready = []
    deadline = time.monotonic() + timeout

    def fail(c, why):
        failures[why] += 1
        try:
            sel.unregister(c.sock)
        except (KeyError, ValueError):
            pass
        c.sock.close()

    while live and time.monotonic() < deadline:
        for key, ev in sel.select(timeout=max(0.0, min(1.0, deadline - time.monotonic()))):
            c = key.data
            if c not in live:
                continue
            if c.state == "connecting":
                err = c.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    live.discard(c)
                    fail(c, f"connect: {errno.errorcode.get(err, err)}")
                    continue
                try:
                    c.sock.send(startup)
                except OSError as e:
                    live.discard(c)
                    fail(c, f"send startup: {errno.errorcode.get(e.errno, e.errno)}")
                    continue
                c.state = "startup"
                sel.modify(c.sock, selectors.EVENT_READ, c)
                continue
            try:
                data = c.sock.recv(65536)
            except BlockingIOError:
                continue
            except OSError as e:
                live.discard(c)
                fail(c, f"recv during startup: {errno.errorcode.get(e.errno, e.errno)}")
                continue
            if not data:
                live.discard(c)
                fail(c, "closed by the router during startup")
                continue
            c.buf += data
            try:
                msgs, c.buf = split_messages(c.buf)
            except ValueError as e:
                live.discard(c)
                fail(c, f"protocol: {e}")
                continue
            for t, body in msgs:
                if t == b"E":
                    live.discard(c)
                    fail(c, "ErrorResponse at startup: " + error_fields(body))
                    break
                if t == b"R" and struct.unpack_from("!i", body)[0] != 0:
                    live.discard(c)
                    fail(c, "router asked for a password (the benchmark expects trust)")
                    break
                if t == b"Z":
                    live.discard(c)
                    sel.unregister(c.sock)
                    startup_times.append(time.monotonic() - c.started)
                    c.buf = b""
                    ready.append(c.sock)
                    break
    for c in list(live):
        fail(c, f"no ReadyForQuery within {timeout:.0f} s")
    return ready


def check_alive(socks):
    """Sockets with nothing to read are still open and idle; readable ones were closed or got a message."""
    sel = selectors.DefaultSelector()
    for s in socks:
        sel.register(s, selectors.EVENT_READ)
    events = sel.select(timeout=0.5)
    problems = collections.Counter()
    for key, _ in events:
        s = key.fileobj
        try:
            data = s.recv(65536)
        except BlockingIOError:
            continue
        except OSError as e:
            problems[f"recv: {errno.errorcode.get(e.errno, e.errno)}"] += 1
            continue
        if not data:
            problems["closed by the router while idle"] += 1
        else:
            try:
                msgs, _ = split_messages(data)
                kinds = ",".join(sorted({(error_fields(b) if t == b"E" else t.decode()) for t, b in msgs}))
            except ValueError:
                kinds = "unparsable bytes"
            problems[f"unexpected message while idle: {kinds}"[:200]] += 1
    sel.close()
    return len(socks) - sum(problems.values()), problems


def query_on(socks, sql, timeout):
    """Runs sql on each socket concurrently; returns (ok, Counter of failures, seconds)."""
    sel = selectors.DefaultSelector()
    state = {}
    t0 = time.monotonic()
    for s in socks:
        try:
            s.sendall(query_message(sql))
        except OSError as e:
            state[s] = f"send: {errno.errorcode.get(e.errno, e.errno)}"
            continue
        state[s] = b""
        sel.register(s, selectors.EVENT_READ)
    ok = 0
    failures = collections.Counter()
    for s, v in list(state.items()):
        if isinstance(v, str):
            failures[v] += 1
            del state[s]
    errored = set()
    deadline = time.monotonic() + timeout
    while state and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.5):
            s = key.fileobj
            try:
                data = s.recv(65536)
            except BlockingIOError:
                continue
            except OSError as e:
                failures[f"recv: {errno.errorcode.get(e.errno, e.errno)}"] += 1
                sel.unregister(s)
                del state[s]
                continue
            if not data:
                failures["closed by the router"] += 1
                sel.unregister(s)
                del state[s]
                continue
            msgs, state[s] = split_messages(state[s] + data)
            for t, body in msgs:
                if t == b"E":
                    failures[error_fields(body)] += 1
                    errored.add(s)
                if t == b"Z":
                    if s not in errored:
                        ok += 1
                    sel.unregister(s)
                    del state[s]
                    break
    for s in state:
        failures[f"no reply within {timeout:.0f} s"] += 1
    sel.close()
    return ok, failures, time.monotonic() - t0


def idle_main(a):
    startup = startup_message(a.user, a.database)
    sel = selectors.DefaultSelector()
    socks = []
    failures = collections.Counter()
    startup_times = []
    t0 = time.monotonic()
    while len(socks) + sum(failures.values()) < a.count:
        n = min(a.batch, a.count - len(socks) - sum(failures.values()))
        socks += open_batch(sel, a.host, a.port, n, startup, a.batch_timeout, failures, startup_times)
        if a.progress:
            print(f"  opened {len(socks)}, failed {sum(failures.values())}", file=sys.stderr, flush=True)
        if sum(failures.values()) > a.max_failures:
            break
    open_secs = time.monotonic() - t0
    startup_times.sort()

    def pct(p):
        if not startup_times:
            return None
        return round(startup_times[min(len(startup_times) - 1, int(len(startup_times) * p))] * 1000, 1)

    report = {
        "requested": a.count,
        "opened": len(socks),
        "failed": sum(failures.values()),
        "failures": dict(failures.most_common(10)),
        "open_seconds": round(open_secs, 2),
        "startup_ms_p50": pct(0.50),
        "startup_ms_p99": pct(0.99),
        "startup_ms_max": round(startup_times[-1] * 1000, 1) if startup_times else None,
    }
    tmp = a.ready_file + ".tmp"
    with open(tmp, "w") as f:
        json.dump(report, f)
    os.rename(tmp, a.ready_file)

    # hold every socket open until released
    held_from = time.monotonic()
    while not os.path.exists(a.release_file) and time.monotonic() - held_from < a.hold_max:
        time.sleep(0.2)
    report["held_seconds"] = round(time.monotonic() - held_from, 1)
    alive, problems = check_alive(socks)
    report["still_open_at_release"] = alive
    report["idle_problems"] = dict(problems.most_common(10))
    sample = socks[::max(1, a.sample_every)] if a.sample_every > 0 else []
    ok, qfail, qsecs = query_on(sample, "SELECT 1", 60)
    report["sample_query"] = {"connections": len(sample), "ok": ok, "failures": dict(qfail.most_common(10)),
                              "seconds": round(qsecs, 2)}
    t1 = time.monotonic()
    for s in socks:
        try:
            s.send(TERMINATE)
        except OSError:
            pass
        s.close()
    report["close_seconds"] = round(time.monotonic() - t1, 2)
    print(json.dumps(report))


# ----------------------------------------------------------------------------------------------------------
# busy (asyncio fallback for pgbench)

async def busy_client(a, deadline, stats, start_gate):
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(a.host, a.port), 30)
    except Exception as e:  # noqa: BLE001 - report whatever it is
        stats["connect_failures"][f"{type(e).__name__}: {e}"[:200]] += 1
        return
    try:
        writer.write(startup_message(a.user, a.database))
        buf = b""
        while True:
            data = await asyncio.wait_for(reader.read(65536), 30)
            if not data:
                stats["connect_failures"]["closed during startup"] += 1
                return
            msgs, buf = split_messages(buf + data)
            if any(t == b"E" for t, _ in msgs):
                stats["connect_failures"][next(error_fields(b) for t, b in msgs if t == b"E")] += 1
                return
            if any(t == b"Z" for t, _ in msgs):
                break
        stats["connected"] += 1
        await start_gate.wait()
        rnd = random.Random()
        while time.monotonic() < deadline[0]:
            aid = rnd.randint(1, a.keys)
            writer.write(query_message(f"SELECT abalance FROM pgbench_accounts WHERE aid = {aid}"))
            failed = None
            rows = 0
            while True:
                data = await asyncio.wait_for(reader.read(65536), 60)
                if not data:
                    stats["errors"]["closed by the router"] += 1
                    return
                msgs, buf = split_messages(buf + data)
                done = False
                for t, body in msgs:
                    if t == b"E":
                        failed = error_fields(body)
                    elif t == b"D":
                        rows += 1
                    elif t == b"Z":
                        done = True
                if done:
                    break
            if failed:
                stats["errors"][failed[:200]] += 1
            elif rows != 1:
                stats["errors"][f"{rows} rows for aid {aid}"] += 1
            else:
                stats["ok"] += 1
        writer.write(TERMINATE)
        await writer.drain()
    except Exception as e:  # noqa: BLE001
        stats["errors"][f"{type(e).__name__}: {e}"[:200]] += 1
    finally:
        writer.close()


async def busy_async(a):
    stats = {"ok": 0, "connected": 0, "errors": collections.Counter(), "connect_failures": collections.Counter()}
    gate = asyncio.Event()
    deadline = [float("inf")]
    tasks = []
    t0 = time.monotonic()
    for i in range(a.count):
        tasks.append(asyncio.create_task(busy_client(a, deadline, stats, gate)))
        if i % 100 == 99:
            await asyncio.sleep(0.05)
    while stats["connected"] + sum(stats["connect_failures"].values()) < a.count and time.monotonic() - t0 < 120:
        await asyncio.sleep(0.1)
    connect_secs = time.monotonic() - t0
    start = time.monotonic()
    deadline[0] = start + a.duration
    gate.set()
    await asyncio.gather(*tasks)
    secs = time.monotonic() - start
    return {
        "clients": a.count,
        "connected": stats["connected"],
        "connect_seconds": round(connect_secs, 2),
        "connect_failures": dict(stats["connect_failures"].most_common(10)),
        "seconds": round(secs, 2),
        "transactions": stats["ok"],
        "tps": round(stats["ok"] / secs, 1) if secs > 0 else None,
        "errors": sum(stats["errors"].values()),
        "error_kinds": dict(stats["errors"].most_common(10)),
    }


def busy_main(a):
    print(json.dumps(asyncio.run(busy_async(a))))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="mode", required=True)
    for name in ("idle", "busy"):
        s = sub.add_parser(name)
        s.add_argument("--host", default="127.0.0.1")
        s.add_argument("--port", type=int, required=True)
        s.add_argument("--user", default="postgres")
        s.add_argument("--database", default="bench")
        s.add_argument("--count", type=int, required=True)
    i = sub.choices["idle"]
    i.add_argument("--batch", type=int, default=500)
    i.add_argument("--batch-timeout", type=float, default=60)
    i.add_argument("--max-failures", type=int, default=200, help="stop opening after this many failures")
    i.add_argument("--ready-file", required=True)
    i.add_argument("--release-file", required=True)
    i.add_argument("--hold-max", type=float, default=600)
    i.add_argument("--sample-every", type=int, default=100, help="SELECT 1 on every Nth held connection")
    i.add_argument("--progress", action="store_true")
    b = sub.choices["busy"]
    b.add_argument("--duration", type=float, default=15)
    b.add_argument("--keys", type=int, required=True, help="aid is drawn from 1..keys")
    a = p.parse_args()
    idle_main(a) if a.mode == "idle" else busy_main(a)


if __name__ == "__main__":
    main()
