#!/usr/bin/env python3
"""An HTTP app that takes its listening sockets from baton (systemd socket activation).

It never binds: it adopts fds 3.. from LISTEN_FDS (checking LISTEN_PID), or, without LISTEN_FDS,
the fds that SERVER_STARTER_PORT names (baton's `listener_protocol: server-starter`, or
Server::Starter's start_server), so connections queued while one generation hands over to the next
are never refused. HTTP/1.1 keep-alive. On SIGTERM
it stops accepting, answers the next request on each open connection with "Connection: close",
and exits once they are closed (or after 10 s, --drain-timeout).

Run it: baton run -c examples/listeners/python/baton.yaml

For the benchmark (bench/): --bind HOST:PORT [--reuseport] makes it bind its own socket instead
(the reuseport and alternate modes), --crash-after N exits abruptly at the N-th accepted
connection, --crash-after-healthy S exits abruptly (code 3) S seconds after its first GET /health
was answered (a release that dies on probation), --ignore-term ignores SIGTERM, --drain-timeout S
waits up to S seconds (default 10) for open connections after SIGTERM. GET /hold?s=N answers after N
seconds (a long poll), and prints that it holds one. With NOTIFY_SOCKET set it sends READY=1.

  GET /          -> "hello from pid N (NAME)"     GET /health -> "pid=N"
"""
import argparse
import os
import select
import signal
import socket
import sys
import threading
import time

draining = threading.Event()
lock = threading.Lock()
open_connections = set()


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--bind")
    p.add_argument("--reuseport", action="store_true")
    p.add_argument("--crash-after", type=int, default=0)
    p.add_argument("--crash-after-healthy", type=float, default=0)
    p.add_argument("--ignore-term", action="store_true")
    p.add_argument("--drain-timeout", type=float, default=10)
    return p.parse_args()


ARGS = None
accepted = 0
healthy = threading.Event()


def crash_later(seconds):
    time.sleep(seconds)
    os._exit(3)  # abruptly, with whatever connections it holds


def own_socket(spec, reuseport):
    host, _, port = spec.rpartition(":")
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuseport:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    s.bind((host, int(port)))
    s.listen(1024)
    return [(s, "bind")]


def inherited_sockets():
    if ARGS and ARGS.bind:
        return own_socket(ARGS.bind, ARGS.reuseport)
    starter = os.environ.get("SERVER_STARTER_PORT")
    if starter and "LISTEN_FDS" not in os.environ:  # Server::Starter's "127.0.0.1:8080=3;/path=4"
        entries = [e.rpartition("=") for e in starter.split(";") if e]
        return [(socket.socket(fileno=int(fd)), name) for name, _, fd in entries]
    if os.environ.get("LISTEN_PID") != str(os.getpid()):
        sys.exit("app.py: LISTEN_PID is not my pid: run me under baton with listeners configured")
    count = int(os.environ.get("LISTEN_FDS", "0"))
    names = os.environ.get("LISTEN_FDNAMES", "").split(":")
    return [(socket.socket(fileno=3 + i), names[i] if i < len(names) else "fd%d" % (3 + i)) for i in range(count)]


def read_request(conn, buf):
    while b"\r\n\r\n" not in buf:
        data = conn.recv(65536)
        if not data:
            return None, b""
        buf += data
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        data = conn.recv(65536)
        if not data:
            return None, b""
        rest += data
    return (lines[0].split(" "), headers), rest[length:]


def serve_connection(conn, name):
    buf = b""
    try:
        while True:
            request, buf = read_request(conn, buf)
            if request is None:
                return
            (method, path, version), headers = request[0][:3], request[1]
            if path.startswith("/hold?s="):
                print("app.py: pid %d holding a response for %s s" % (os.getpid(), path[len("/hold?s="):]), flush=True)
                time.sleep(float(path[len("/hold?s="):]))
            body = ("pid=%d" % os.getpid() if path == "/health" else "hello from pid %d (%s)" % (os.getpid(), name))
            if path == "/health" and ARGS.crash_after_healthy and not healthy.is_set():
                healthy.set()
                threading.Thread(target=crash_later, args=(ARGS.crash_after_healthy,), daemon=True).start()
            close = draining.is_set() or headers.get("connection", "").lower() == "close" or version == "HTTP/1.0"
            data = body.encode()
            conn.sendall(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: %s\r\n\r\n"
                          % (len(data), "close" if close else "keep-alive")).encode() + data)
            if close:
                return
    except OSError:
        return
    finally:
        with lock:
            open_connections.discard(conn)
        conn.close()


def accept_loop(listener, name):
    # The listener is non-blocking: O_NONBLOCK is shared by every process holding the socket, so
    # every generation of this app sets it the same way, and an accept that loses the race to
    # another generation returns at once instead of blocking.
    while not draining.is_set():
        readable, _, _ = select.select([listener], [], [], 0.05)
        if not readable or draining.is_set():
            continue
        try:
            conn, _ = listener.accept()
        except (BlockingIOError, InterruptedError):
            continue
        except OSError:
            return
        conn.setblocking(True)
        global accepted
        accepted += 1
        if ARGS.crash_after and accepted >= ARGS.crash_after:
            os._exit(1)  # a crash with connections in hand: what they held is lost
        with lock:
            open_connections.add(conn)
        threading.Thread(target=serve_connection, args=(conn, name), daemon=True).start()


def main():
    global ARGS
    ARGS = parse_args()
    # The stop signals stay blocked in every thread (threads inherit the mask) and the main thread
    # takes them with sigwait(). No Python signal handler runs, so none can interrupt the main thread
    # while it holds a lock the handler needs: a handler doing Event.set() while the main thread
    # waits in Event.wait() deadlocks when the signal is handled inside Event.wait(), with the
    # Event's own lock held. The app then never drains, goes on serving, and is SIGKILLed at
    # baton's shutdown.timeout with its connections in hand (each one reset).
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    listeners = inherited_sockets()
    acceptors = []
    for listener, name in listeners:
        listener.setblocking(False)
        t = threading.Thread(target=accept_loop, args=(listener, name), daemon=True)
        t.start()
        acceptors.append(t)
    if ARGS.ignore_term:
        stop_signals.discard(signal.SIGTERM)  # stays blocked and is never taken: it does nothing
    ready = os.environ.get("READY_FILE")
    if ready:
        open(ready, "w").close()
    print("app.py: pid %d serving %s" % (os.getpid(), ", ".join(n for _, n in listeners)), flush=True)
    notify = os.environ.get("NOTIFY_SOCKET")
    if notify:  # sd_notify: under baton's notify check (or systemd's Type=notify) this is readiness
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.sendto(b"READY=1", "\0" + notify[1:] if notify.startswith("@") else notify)
        s.close()
    signal.sigwait(stop_signals)
    draining.set()
    for t in acceptors:
        t.join()  # no accept is in flight after this: what is still queued goes to the next generation
    for listener, _ in listeners:
        # close our copy only (never shutdown(): that would stop the socket for every holder);
        # baton and the next generation keep it open, with its queue of pending connections
        listener.close()
    deadline = time.monotonic() + ARGS.drain_timeout
    while time.monotonic() < deadline:
        with lock:
            if not open_connections:
                break
        time.sleep(0.01)
    print("app.py: pid %d drained" % os.getpid(), flush=True)


if __name__ == "__main__":
    main()
