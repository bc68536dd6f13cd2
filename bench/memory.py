#!/usr/bin/python3
# make bench, memory part: svcd with N processes, its RSS read from /proc
# before and after a load of status and tail requests over many concurrent
# connections, and with every connection slot open on a large reply that
# is never read. Prints Markdown. Bounded in time; svcd and its children are
# killed whatever happens.
#   memory.py BUILD [--procs 1000] [--status 10000] [--tails 1000] [--conns 50]
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def kill_tagged(tag):
    """Every process left with BENCH_TAG=TAG in its environment."""
    want = ("BENCH_TAG=%s" % tag).encode()
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/environ" % pid, "rb") as f:
                if want in f.read().split(b"\0"):
                    os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass


def call(method, params=""):
    body = ("<?xml version='1.0'?><methodCall><methodName>%s</methodName>"
            "<params>%s</params></methodCall>" % (method, params)).encode()
    return (b"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)) + body


def read_reply(s, buf):
    """One HTTP reply off S (Content-Length or chunked); returns the rest."""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            raise EOFError
        buf += chunk
    head, _, buf = buf.partition(b"\r\n\r\n")
    lower = head.lower()
    if b"transfer-encoding: chunked" in lower:
        while True:
            while b"\r\n" not in buf:
                buf += s.recv(65536)
            size, _, buf = buf.partition(b"\r\n")
            n = int(size, 16)
            while len(buf) < n + 2:
                buf += s.recv(65536)
            buf = buf[n + 2:]
            if n == 0:
                return buf
    length = int(lower.split(b"content-length:")[1].split(b"\r\n")[0])
    while len(buf) < length:
        buf += s.recv(65536)
    return buf[length:]


def worker(sock, requests, errors):
    try:
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(60)
        s.connect(sock)
        buf = b""
        for req in requests:
            s.sendall(req)
            buf = read_reply(s, buf)
        s.close()
    except Exception as e:  # counted, and the run says so
        errors.append(repr(e))


def load(sock, conns, status, tails):
    status_req = call("supervisor.getAllProcessInfo")
    tail_req = call("supervisor.tailProcessStdoutLog",
                    "<param><value>p00000</value></param><param><value><int>0</int></value>"
                    "</param><param><value><int>65536</int></value></param>")
    jobs = [[] for _ in range(conns)]
    for i in range(status):
        jobs[i % conns].append(status_req)
    for i in range(tails):
        jobs[i % conns].append(tail_req)
    errors = []
    threads = [threading.Thread(target=worker, args=(sock, j, errors)) for j in jobs]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    return time.monotonic() - t0, errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--procs", type=int, default=1000)
    ap.add_argument("--status", type=int, default=10000)
    ap.add_argument("--tails", type=int, default=1000)
    ap.add_argument("--conns", type=int, default=50)
    a = ap.parse_args()
    signal.alarm(1200)
    tmp = tempfile.mkdtemp(prefix="svc-bench-mem.")
    sock = os.path.join(tmp, "svcd.sock")
    svc = os.path.join(tmp, "m.svc")
    with open(svc, "w") as f:
        f.write('supervisor { logfile "%s/svcd.log"; childlogdir "%s"; socket "%s"; minfds 4096; }\n'
                % (tmp, tmp, sock))
        f.write('defaults { startsecs 0s; }\n')
        for i in range(a.procs):
            # p00000 writes 64 KiB of output for the tail requests
            cmd = "/bin/sh %s/out.sh" % tmp if i == 0 else "/bin/sleep 100000"
            f.write('service p%05d { command "%s"; }\n' % (i, cmd))
    with open(os.path.join(tmp, "out.sh"), "w") as f:
        f.write("head -c 65536 /dev/zero | tr '\\0' x\nexec sleep 100000\n")
    subprocess.run([os.path.join(a.build, "svcc"), "--no-host-checks", svc], check=True)
    env = dict(os.environ, BENCH_TAG=tmp)
    d = subprocess.Popen([os.path.join(a.build, "svcd"), "-n", "-c", svc + "t"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with open(os.path.join(tmp, "svcd.log")) as f:
                    if f.read().count("spawned:") >= a.procs:
                        break
            except FileNotFoundError:
                pass
            time.sleep(0.2)
        time.sleep(1)
        # one of each first: buffers that are made once are made now
        load(sock, 1, 1, 1)
        before = rss_kb(d.pid)
        secs, errors = load(sock, a.conns, a.status, a.tails)
        after = rss_kb(d.pid)
        # every slot (256, 64 kept for the unix socket... all of them here)
        # asks for the status and reads nothing
        held = []
        for _ in range(256):
            s = socket.socket(socket.AF_UNIX)
            s.connect(sock)
            s.sendall(call("supervisor.getAllProcessInfo"))
            held.append(s)
        time.sleep(2)
        worst = rss_kb(d.pid)
        for s in held:
            s.close()
        time.sleep(1)
        closed = rss_kb(d.pid)
        print("## svcd's memory under control requests\n")
        print("svcd with %d processes; %d `getAllProcessInfo` and %d `tailProcessStdoutLog` "
              "(64 KiB) over %d concurrent keep-alive connections on the unix socket "
              "(%.1f s, %d errors); then 256 connections that each ask for the status "
              "and read nothing.\n" % (a.procs, a.status, a.tails, a.conns, secs, len(errors)))
        print("| RSS | KB |")
        print("|---|---:|")
        print("| before the load | %d |" % before)
        print("| after the load | %d (%+d) |" % (after, after - before))
        print("| 256 connections holding a status reply | %d (%+d) |" % (worst, worst - before))
        print("| after they closed | %d (%+d) |" % (closed, closed - before))
        if errors:
            print("\nerrors: %s" % "; ".join(errors[:3]), file=sys.stderr)
    finally:
        d.terminate()
        try:
            d.wait(60)
        except subprocess.TimeoutExpired:
            d.kill()
            d.wait()
        kill_tagged(tmp)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
