#!/usr/bin/python3
# make bench: starts one supervisor (svcd or supervisord) and measures it from
# the outside through /proc and its log; prints "key=value" lines. Bounded in
# time; the supervisor is stopped (then killed) whatever happens.
#   probe.py --log FILE --procs N [--idle S] [--kills K]
#            [--status K --ctl NAME=CLIENT-COMMAND...] -- COMMAND...
import argparse
import shlex
import errno
import os
import resource
import signal
import socket
import statistics
import struct
import subprocess
import sys
import time

DEADLINE_START = 180   # s for N spawns and N RUNNING lines
DEADLINE_STOP = 60     # s for the supervisor to stop its processes and exit
DEADLINE_RESPAWN = 10  # s for one killed process to come back


class Timeout(Exception):
    pass


class Lost(Exception):
    """The kernel dropped events (a busy machine overflowed the socket)."""


def on_alarm(_signum, _frame):
    raise Timeout("overall deadline reached")


def log_lines(path, word):
    """Lines of the supervisor's log holding WORD (e.g. 'spawned:')."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return [line for line in f if word in line]
    except FileNotFoundError:
        return []


def stamp(line):
    """Seconds since the epoch of a '2024-01-31 12:00:00,123 ...' line."""
    day, clock = line.split()[:2]
    hms, ms = clock.split(",")
    t = time.mktime(time.strptime(day + " " + hms, "%Y-%m-%d %H:%M:%S"))
    return t + int(ms) / 1000.0


def wait_lines(proc, path, word, n, seconds):
    deadline = time.monotonic() + seconds
    while True:
        lines = log_lines(path, word)
        if len(lines) >= n:
            return lines
        if proc.poll() is not None:
            raise Timeout("supervisor exited with status %d" % proc.returncode)
        if time.monotonic() > deadline:
            raise Timeout("%d of %d '%s' lines after %d s"
                          % (len(lines), n, word, seconds))
        time.sleep(0.05)


def children(pid):
    """Pids whose parent is PID (any thread of it)."""
    found = set()
    for tid in os.listdir("/proc/%d/task" % pid):
        with open("/proc/%d/task/%s/children" % (pid, tid)) as f:
            found.update(int(c) for c in f.read().split())
    return found


def memory_kb(pid):
    """Rss and Pss (KB) of PID from smaps_rollup."""
    got = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss"):
                got[key] = int(rest.split()[0])
    return got["Rss"], got["Pss"]


def cpu_and_switches(pid):
    """(utime+stime in clock ticks, voluntary, involuntary switches)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (14, 15)
    sw = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key.endswith("ctxt_switches"):
                sw[key] = int(rest)
    return ticks, sw["voluntary_ctxt_switches"], sw["nonvoluntary_ctxt_switches"]


def idle(pid, seconds):
    a = cpu_and_switches(pid)
    time.sleep(seconds)
    b = cpu_and_switches(pid)
    tick_ms = 1000.0 / os.sysconf("SC_CLK_TCK")
    return {"idle_cpu_ms": "%.0f" % ((b[0] - a[0]) * tick_ms),
            "idle_vcsw": b[1] - a[1], "idle_ivcsw": b[2] - a[2]}


class ForkEvents:
    """The kernel's process events connector (netlink, root only): every
    fork with its CLOCK_MONOTONIC time, read without polling, so measuring
    a restart neither spins a CPU beside the supervisor nor rounds up."""
    NETLINK_CONNECTOR, CN_IDX_PROC, LISTEN = 11, 1, 1
    FORK = 1
    HEAD = 16 + 20  # nlmsghdr, cn_msg

    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM,
                                  self.NETLINK_CONNECTOR)
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)  # RCVBUFFORCE
        except OSError:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
        self.sock.bind((0, self.CN_IDX_PROC))
        op = struct.pack("=I", self.LISTEN)
        cn = struct.pack("=IIIIHH", self.CN_IDX_PROC, 1, 0, 0, len(op), 0) + op
        self.sock.send(struct.pack("=IHHII", 16 + len(cn), 3, 0, 0, 0) + cn)

    def drain(self):
        """Drops the events queued so far (other processes, earlier rounds)."""
        self.sock.setblocking(False)
        try:
            while True:
                self.sock.recv(65536)
        except BlockingIOError:
            pass
        except OSError as e:
            if e.errno != errno.ENOBUFS:
                raise
        self.sock.setblocking(True)

    def next_fork(self, parent, deadline):
        """Monotonic ns of the next fork by PARENT, or None at DEADLINE."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                msg = self.sock.recv(65536)
            except socket.timeout:
                return None
            except OSError as e:
                if e.errno == errno.ENOBUFS:
                    raise Lost() from e
                raise
            if len(msg) < self.HEAD + 32:
                continue
            what, _cpu, ns, _ppid, ptgid, cpid, ctgid = struct.unpack_from(
                "=IIQIIII", msg, self.HEAD)
            if what == self.FORK and ptgid == parent and cpid == ctgid:
                return ns


def respawn_events(events, pid, victim):
    events.drain()
    t0 = time.monotonic_ns()
    os.kill(victim, signal.SIGKILL)
    ns = events.next_fork(pid, time.monotonic() + DEADLINE_RESPAWN)
    if ns is None:
        raise Timeout("no new process %d s after SIGKILL" % DEADLINE_RESPAWN)
    return (ns - t0) / 1e6


def respawn_poll(pid, victim):
    """Without the connector: SIGKILLs VICTIM and polls PID's children."""
    before = children(pid)
    t0 = time.perf_counter()
    os.kill(victim, signal.SIGKILL)
    deadline = t0 + DEADLINE_RESPAWN
    while True:
        new = children(pid) - before
        t = time.perf_counter()
        if new:
            return (t - t0) * 1000.0
        if t > deadline:
            raise Timeout("no new process %d s after SIGKILL" % DEADLINE_RESPAWN)


def fork_events():
    try:
        return ForkEvents()
    except OSError:
        return None


def restarts(pid, kills):
    """Kills a different RUNNING process each round: every victim has been
    up for longer than startsecs and longer than svcd's one-second limit."""
    victims = sorted(children(pid))[:2 * kills]  # spares for lost rounds
    if len(victims) < kills:
        raise Timeout("only %d processes to kill" % len(victims))
    events = fork_events()
    times = []
    lost = 0
    for v in victims:
        if len(times) == kills:
            break
        try:
            if events:
                times.append(respawn_events(events, pid, v))
            else:
                times.append(respawn_poll(pid, v))
        except Lost:
            lost += 1
            time.sleep(1.5)  # the respawn happened unseen; let it settle
        time.sleep(0.3)  # let the supervisor finish logging; not measured
    if len(times) < kills:
        raise Timeout("%d of %d restarts measured" % (len(times), kills))
    return {"restart_lost": lost,
            "restart_method": "proc-connector" if events else "proc-poll",
            "restart_median_ms": "%.2f" % statistics.median(times),
            "restart_max_ms": "%.2f" % max(times),
            "restart_all_ms": ",".join("%.2f" % t for t in times)}


def status_latency(name, command, n, times):
    """Wall time of TIMES runs of COMMAND (a control client's `status`),
    each of which must list all N processes as RUNNING."""
    argv = shlex.split(command) + ["status"]
    took = []
    for _ in range(times):
        t0 = time.monotonic()
        r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=60, check=False)
        took.append((time.monotonic() - t0) * 1000.0)
        running = sum(1 for line in r.stdout.decode(errors="replace").splitlines()
                      if line.split()[1:2] == ["RUNNING"])
        if running != n:
            raise ValueError("%s status listed %d RUNNING, not %d"
                             % (name, running, n))
    return {"status_%s_median_ms" % name: "%.0f" % statistics.median(took),
            "status_%s_max_ms" % name: "%.0f" % max(took)}


def stop(proc):
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(DEADLINE_STOP)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def measure(proc, args, t0):
    n = args.procs
    spawned = wait_lines(proc, args.log, "spawned:", n, DEADLINE_START)
    out = {"start_ms": "%.0f" % ((stamp(spawned[n - 1]) - t0) * 1000.0)}
    wait_lines(proc, args.log, "success:", n, DEADLINE_START)
    time.sleep(args.settle)
    out["children"] = len(children(proc.pid))
    out["rss_kb"], out["pss_kb"] = memory_kb(proc.pid)
    if args.idle > 0:
        out.update(idle(proc.pid, args.idle))
    if args.kills > 0:
        out.update(restarts(proc.pid, args.kills))
    for ctl in args.ctl:
        name, _, command = ctl.partition("=")
        out.update(status_latency(name, command, n, args.status))
    return out


def raise_fd_limit(want=16384):
    """1,000 processes with log pipes and files need about 5,000 fds; both
    supervisors raise their soft limit to minfds, which the hard one caps."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < want:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, want))
            return
        except (ValueError, OSError):
            want = hard
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--procs", type=int, required=True)
    ap.add_argument("--idle", type=float, default=0)
    ap.add_argument("--kills", type=int, default=0)
    ap.add_argument("--settle", type=float, default=2.0)
    ap.add_argument("--out", default=os.devnull)
    ap.add_argument("--status", type=int, default=20)
    ap.add_argument("--ctl", action="append", default=[])
    ap.add_argument("command", nargs="+")
    args = ap.parse_args()
    raise_fd_limit()
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(2 * DEADLINE_START + args.idle + 20 * args.kills
                     + 120 * len(args.ctl) * (args.status > 0) + 60))
    with open(args.out, "w") as out:
        t0 = time.time()
        proc = subprocess.Popen(args.command, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT)
    status = 0
    try:
        for key, value in measure(proc, args, t0).items():
            print("%s=%s" % (key, value))
    except (Timeout, OSError, ValueError, KeyError) as e:
        print("probe: %s: %s" % (os.path.basename(args.command[0]), e),
              file=sys.stderr)
        status = 1
    finally:
        signal.alarm(0)
        stop(proc)
    return status


if __name__ == "__main__":
    sys.exit(main())
