#!/usr/bin/env python3
"""Plays an old baton at the wire level: starts a command with one end of a socket pair at
fd 3 and the given handover environment, prints every line the new baton sends (prefixed
"got: "), answers READY with ACK, and finally prints "exited N" or "signaled N".

usage: oldbaton.py PROTOCOL GENERATION COMMAND...
"""
import os
import socket
import sys

protocol, generation, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
env = dict(os.environ, BATON_PROTOCOL=protocol, BATON_GENERATION=generation, BATON_HANDOVER_FD="3")
pid = os.fork()
if pid == 0:
    os.dup2(theirs.fileno(), 3)
    os.set_inheritable(3, True)
    os.execvpe(cmd[0], cmd, env)
theirs.close()
buf = b""
while True:
    data = ours.recv(4096)
    if not data:
        break
    buf += data
    while b"\n" in buf:
        line, buf = buf.split(b"\n", 1)
        text = line.decode()
        print("got: " + text, flush=True)
        if text.startswith("READY"):
            # the test stops it from here: take the handover, then go away like an old baton
            ours.sendall(b"ACK\n")
            ours.close()
            buf = b""
            break
    if ours.fileno() < 0:
        break
_, status = os.waitpid(pid, 0)
if os.WIFSIGNALED(status):
    print("signaled %d" % os.WTERMSIG(status), flush=True)
else:
    print("exited %d" % os.WEXITSTATUS(status), flush=True)
