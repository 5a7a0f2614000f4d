#!/usr/bin/env python3
"""Health probe for the unix-socket tests: GET /health over the socket and exit 0 only if the
answer names BATON_CHILD_PID, i.e. the new child answered (the socket is shared by generations)."""
import os
import socket
import sys

s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(2)
try:
    s.connect(sys.argv[1])
    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
except OSError:
    sys.exit(1)
sys.exit(0 if data.endswith(("pid=" + os.environ["BATON_CHILD_PID"]).encode()) else 1)
