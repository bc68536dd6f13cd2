#!/usr/bin/python3
"""Test helper: Debian's supervisorctl, imported once and forked for every
command, so that a test can run hundreds of them without paying Python's
start-up (a quarter of a second of CPU) each time. It is the real client
code: each command runs supervisor.supervisorctl.main() in a fresh process
forked from this one, with the caller's argv, environment, working folder
and standard streams, and its exit status goes back to the caller.

    ctlserver.py SOCKET     serve on the unix socket SOCKET until killed

tests/helpers/ctlrun.c is the client (tests/cli/ctlfork.inc sets it up as
`supervisorctl` on the PATH). A request is one message carrying the
caller's fds 0, 1 and 2 and a 4-byte length, then that many bytes: argv0,
the working folder, the argument count, the arguments, then the
environment, each NUL-terminated. While the command runs, each byte the
client sends is a signal number to deliver to it; the reply is one line,
`exit N` or `signal N`.
"""
import os
import select
import signal
import socket
import struct
import sys
import traceback

import supervisor.supervisorctl as ctl


def recv_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def command(argv0, argv, env, cwd):
    """Runs in the forked process; never returns."""
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    sys.argv = [argv0] + argv
    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = 0
    try:
        ctl.main()
    except SystemExit as e:
        if e.code is None:
            code = 0
        elif isinstance(e.code, int):
            code = e.code
        else:
            print(e.code, file=sys.stderr)
            code = 1
    except KeyboardInterrupt:
        # what an uncaught ^C does to a Python program
        traceback.print_exc()
        sys.stdout.flush()
        sys.stderr.flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    except BaseException:
        traceback.print_exc()
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code & 0xFF)


def handle(conn, listener):
    """Runs in a process of its own for one request."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    head, fds, _, _ = socket.recv_fds(conn, 4, 3)
    if len(head) != 4 or len(fds) != 3:
        os._exit(1)
    (size,) = struct.unpack("=I", head)
    words = recv_exact(conn, size).split(b"\0")[:-1]
    argv0, cwd, argc = words[0], words[1], int(words[2])
    argv = [w.decode("utf-8", "surrogateescape") for w in words[3:3 + argc]]
    env = {}
    for w in words[3 + argc:]:
        k, _, v = w.partition(b"=")
        env[k] = v
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        for i, fd in enumerate(fds):
            os.dup2(fd, i)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        conn.close()
        listener.close()
        command(argv0.decode("utf-8", "surrogateescape"), argv, env_str(env), cwd)
    for fd in fds:
        os.close(fd)
    pidfd = os.pidfd_open(pid)
    watch = [conn, pidfd]
    while True:
        ready, _, _ = select.select(watch, [], [])
        if pidfd in ready:
            _, status = os.waitpid(pid, 0)
            if os.WIFSIGNALED(status):
                reply = "signal %d\n" % os.WTERMSIG(status)
            else:
                reply = "exit %d\n" % os.WEXITSTATUS(status)
            try:
                conn.sendall(reply.encode())
            except OSError:
                pass
            os._exit(0)
        data = conn.recv(16)
        if not data:
            # the client is gone: so is its command
            watch = [pidfd]
            os.kill(pid, signal.SIGTERM)
            continue
        for sig in data:
            os.kill(pid, sig)


def env_str(env):
    return {k.decode("utf-8", "surrogateescape"): v.decode("utf-8", "surrogateescape")
            for k, v in env.items()}


def main():
    path = sys.argv[1]
    tmp = path + ".tmp"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass
    listener.bind(tmp)
    listener.listen(64)
    # the socket appears under its name only once it accepts connections
    os.rename(tmp, path)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    while True:
        conn, _ = listener.accept()
        if os.fork() == 0:
            try:
                handle(conn, listener)
            finally:
                os._exit(1)
        conn.close()


if __name__ == "__main__":
    main()
