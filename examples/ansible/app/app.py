#!/usr/bin/env python3
"""The demo app the Ansible example rolls out: one release of it per directory under releases/.

It serves on the socket baton holds for every generation (fd 3, LISTEN_FDS) and never binds, so
requests queued while one generation hands over to the next are never refused. It names its release
(the RELEASE file beside it) and its pid:

  GET /        -> "GREETING from release R (pid N)"   (GREETING: $DEMO_GREETING, from the env file)
  GET /health  -> "pid=N"

On SIGTERM it stops accepting, finishes the requests it holds, and exits.
"""
import http.server
import os
import signal
import socket
import threading

HERE = os.path.dirname(os.path.realpath(__file__))
with open(os.path.join(HERE, "RELEASE"), encoding="utf-8") as f:
    RELEASE = f.read().strip()
GREETING = os.environ.get("DEMO_GREETING", "hello")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            body = "pid=%d" % os.getpid()
        else:
            body = "%s from release %s (pid %d)" % (GREETING, RELEASE, os.getpid())
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        pass  # one line per request would flood the journal


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = False  # server_close() waits for the requests in hand
    block_on_close = True


def main():
    if os.environ.get("LISTEN_PID") != str(os.getpid()) or os.environ.get("LISTEN_FDS") != "1":
        raise SystemExit("app.py: run me under baton with one listener (LISTEN_FDS=1)")
    # TERM and INT stay blocked in every thread; the main thread takes them with sigwait()
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    server = Server(("", 0), Handler, bind_and_activate=False)
    server.socket = socket.socket(fileno=3)
    # O_NONBLOCK is shared by every generation holding the socket: an accept that loses the race
    # to another generation returns at once instead of blocking
    server.socket.setblocking(False)
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    serving.start()
    print("app.py: release %s, pid %d serving" % (RELEASE, os.getpid()), flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    server.shutdown()  # no accept after this: what is queued goes to the next generation
    server.server_close()  # closes our copy of the socket only, then waits for the requests in hand
    print("app.py: release %s, pid %d drained" % (RELEASE, os.getpid()), flush=True)


if __name__ == "__main__":
    main()
