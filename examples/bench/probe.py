#!/usr/bin/env python3
"""The benchmark's exec health probe: GET /health on HOST:PORT and exit 0 only if the answer names
BATON_CHILD_PID (on a shared socket, only the new child's answer counts)."""
import http.client
import os
import sys

host, _, port = sys.argv[1].rpartition(":")
try:
    conn = http.client.HTTPConnection(host, int(port), timeout=2)
    conn.request("GET", "/health", headers={"Connection": "close"})
    body = conn.getresponse().read().decode()
except OSError:
    sys.exit(1)
sys.exit(0 if body == "pid=" + os.environ["BATON_CHILD_PID"] else 1)
