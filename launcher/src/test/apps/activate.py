#!/usr/bin/env python3
"""Starts a command the way systemd socket activation does: listening sockets at fds 3..,
LISTEN_FDS, LISTEN_FDNAMES and LISTEN_PID (= the command's pid: we exec, so it is ours).

usage: activate.py NAME=HOST:PORT [NAME=HOST:PORT ...] -- COMMAND...
"""
import os
import socket
import sys

sep = sys.argv.index("--")
specs, cmd = sys.argv[1:sep], sys.argv[sep + 1:]
names = []
staged = []
for i, spec in enumerate(specs):
    name, _, hostport = spec.partition("=")
    host, _, port = hostport.rpartition(":")
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, int(port)))
    s.listen(128)
    # stage high first: the first socket may itself be fd 3, which a dup2 would clobber
    staged.append(os.dup2(s.fileno(), 100 + i))
    s.close()
    names.append(name)
for i, fd in enumerate(staged):
    os.dup2(fd, 3 + i)
    os.close(fd)
os.environ["LISTEN_FDS"] = str(len(names))
os.environ["LISTEN_FDNAMES"] = ":".join(names)
os.environ["LISTEN_PID"] = str(os.getpid())
os.execvp(cmd[0], cmd)
