#!/usr/bin/env python3
"""A control socket that never answers, for the client timeout tests:

    controlfake.py MODE PATH [dev.baton.launcher.Main]

MODE full:   listens with a backlog of 0, never accepts, and fills its own backlog, so that a
             blocking connect waits (the case a full backlog of a wedged baton makes).
MODE silent: accepts every connection and never writes a byte (no banner).
MODE mute:   accepts, sends baton's banner with its own pid, reads nothing and never answers.
             baton's client checks that the banner's pid is a baton by its /proc cmdline, so the
             test passes the word dev.baton.launcher.Main as an extra argument.

Prints "ready" on stdout once the socket is in its state; runs until killed.
"""
import os
import signal
import socket
import sys

mode, path = sys.argv[1], sys.argv[2]
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
held = []
if mode == "full":
    server.listen(0)
    for _ in range(64):
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.setblocking(False)
        try:
            c.connect(path)
        except BlockingIOError:
            c.close()
            break
        held.append(c)
    else:
        sys.exit("the backlog never filled")
    print("ready", flush=True)
    while True:
        signal.pause()
server.listen(16)
print("ready", flush=True)
while True:
    conn, _ = server.accept()
    if mode == "mute":
        conn.sendall(("BATON 1 pid=%d\n" % os.getpid()).encode())
    held.append(conn)
