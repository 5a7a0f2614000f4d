#!/usr/bin/env python3
"""A child for baton's integration tests. Every behaviour is switched on by a flag.

  --port P             HTTP on 127.0.0.1:P (SO_REUSEPORT): GET / -> "pid=N", GET /env/NAME -> value
  --health-port P      HTTP on 127.0.0.1:P, GET /health -> "ok" (only this process binds it)
  --record FILE        append "PID SIGNAME" to FILE for every signal received
  --ignore SIGS        comma list (e.g. TERM,INT): record but don't exit
  --workers N          fork N workers in the same process group; they record too
  --workers-ignore-term  workers ignore SIGTERM
  --pids FILE          write "leader PID" and "worker PID" lines
  --exit-at-start N    exit N at once
  --exit-after S       exit (code --exit-code, default 0) after S seconds
  --die-by SIG         with --exit-after: die by this signal instead
  --stdio              write "out: hello" / "err: hello", then echo stdin lines to stdout
  --orphans N          every 0.2 s make an orphan that exits soon after (N in all)
  --ready-file F       once up, write my pid to F
  --unix-http PATH     HTTP on the unix socket PATH (replaced if stale), same answers as --port
  --fd-report F        first thing: write my pid, open fds, the listening sockets among them and
                       LISTEN_*/SERVER_STARTER_* to F
  --notify             once up, send STATUS=up and READY=1 to $NOTIFY_SOCKET (sd_notify)
  --notify-after S     wait S seconds before that
  --notify-env F       write NOTIFY_SOCKET's value to F
On TERM or INT (unless ignored) the app exits 0 after recording the signal.
"""
import argparse
import http.server
import os
import signal
import socket
import socketserver
import sys
import threading
import time

NAMES = ["HUP", "INT", "TERM", "USR1", "USR2", "WINCH", "TTIN", "TTOU", "CONT", "ALRM", "PWR"]


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int)
    p.add_argument("--health-port", type=int)
    p.add_argument("--record")
    p.add_argument("--ignore", default="")
    p.add_argument("--workers", type=int, default=0)
    p.add_argument("--workers-ignore-term", action="store_true")
    p.add_argument("--pids")
    p.add_argument("--exit-at-start", type=int)
    p.add_argument("--exit-after", type=float)
    p.add_argument("--exit-code", type=int, default=0)
    p.add_argument("--die-by")
    p.add_argument("--stdio", action="store_true")
    p.add_argument("--orphans", type=int, default=0)
    p.add_argument("--ready-file")
    p.add_argument("--unix-http")
    p.add_argument("--fd-report")
    p.add_argument("--notify", action="store_true")
    p.add_argument("--notify-after", type=float, default=0)
    p.add_argument("--notify-env")
    return p.parse_args()


def fd_report(path):
    fds = sorted(int(f) for f in os.listdir("/proc/self/fd"))
    with open(path, "w") as out:
        out.write("pid %d\n" % os.getpid())
        # listdir itself holds one fd open while it runs: the highest one
        out.write("fds %s\n" % ",".join(str(f) for f in fds[:-1]))
        out.write("listening %s\n" % ",".join(str(f) for f in fds[:-1] if listening(f)))
        for name in ("LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "SERVER_STARTER_PORT", "SERVER_STARTER_GENERATION"):
            out.write("%s %s\n" % (name, os.environ.get(name, "-")))


def listening(fd):
    try:
        s = socket.socket(fileno=fd)
    except OSError:
        return False  # not a socket
    try:
        return s.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1
    finally:
        s.detach()


def append(path, line):
    if path:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, (line + "\n").encode())
        finally:
            os.close(fd)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self):
        if self.path.startswith("/env/"):
            value = os.environ.get(self.path[5:])
            body, code = (value, 200) if value is not None else ("unset", 404)
        elif self.path == "/health":
            body, code = "ok", 200
        else:
            body, code = "pid=%d" % os.getpid(), 200
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def server_bind(self):
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        super().server_bind()


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class UnixHandler(Handler):
    def address_string(self):
        return "unix"


def serve_unix(path):
    if os.path.exists(path):
        os.unlink(path)
    server = UnixServer(path, UnixHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def serve(port):
    server = Server(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def install_handlers(args, ignored, is_worker):
    def handler(signum, frame):
        name = signal.Signals(signum).name[3:]
        append(args.record, "%d %s" % (os.getpid(), name))
        if name in ("TERM", "INT") and name not in ignored:
            if is_worker and name == "TERM" and args.workers_ignore_term:
                return
            os._exit(0)

    for name in NAMES:
        signal.signal(getattr(signal, "SIG" + name), handler)


def sd_notify(message):
    path = os.environ["NOTIFY_SOCKET"]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.sendto(message.encode(), "\0" + path[1:] if path.startswith("@") else path)
    s.close()


def make_orphan():
    pid = os.fork()
    if pid == 0:
        if os.fork() == 0:
            time.sleep(0.3)
            os._exit(0)
        os._exit(0)
    os.waitpid(pid, 0)


def main():
    args = parse()
    if args.fd_report:
        fd_report(args.fd_report)
    if args.exit_at_start is not None:
        sys.exit(args.exit_at_start)
    # CPython runs handlers in the main thread only: keep every signal away from other threads
    # (they inherit this mask), so a signal always interrupts the main thread's pause()
    handled = {getattr(signal, "SIG" + n) for n in NAMES}
    signal.pthread_sigmask(signal.SIG_BLOCK, handled)
    ignored = set(s.strip().upper().replace("SIG", "") for s in args.ignore.split(",") if s.strip())
    install_handlers(args, ignored, False)
    append(args.pids, "leader %d" % os.getpid())
    for _ in range(args.workers):
        if os.fork() == 0:
            install_handlers(args, ignored, True)
            if args.workers_ignore_term:
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, handled)
            append(args.pids, "worker %d" % os.getpid())
            while True:
                signal.pause()
    if args.port:
        serve(args.port)
    if args.health_port:
        serve(args.health_port)
    if args.unix_http:
        serve_unix(args.unix_http)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, handled)  # every thread is started
    if args.stdio:
        print("out: hello", flush=True)
        print("err: hello", file=sys.stderr, flush=True)
        for line in sys.stdin:
            print("echo: " + line.rstrip("\n"), flush=True)
    if args.ready_file:
        with open(args.ready_file, "w") as out:
            out.write("%d\n" % os.getpid())
    if args.notify_env:
        with open(args.notify_env, "w") as out:
            out.write(os.environ.get("NOTIFY_SOCKET", ""))
    if args.notify:
        time.sleep(args.notify_after)
        sd_notify("STATUS=up, pid %d\nREADY=1" % os.getpid())
    if args.exit_after is not None:
        time.sleep(args.exit_after)
        if args.die_by:
            sig = getattr(signal, "SIG" + args.die_by.upper().replace("SIG", ""))
            signal.signal(sig, signal.SIG_DFL)
            os.kill(os.getpid(), sig)
            time.sleep(5)
        sys.exit(args.exit_code)
    for _ in range(args.orphans):
        make_orphan()
        time.sleep(0.2)
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
