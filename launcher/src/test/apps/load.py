#!/usr/bin/env python3
"""Steady HTTP load on 127.0.0.1:PORT from 4 threads (2 new-connection-per-request, 2 keep-alive),
paced at about 200 requests a second each, until STOPFILE exists or LIMIT seconds pass. Then writes
"total N failed M" and up to 10 failure samples to OUTFILE.

usage: load.py PORT STOPFILE OUTFILE [LIMIT]
"""
import http.client
import os
import sys
import threading
import time

port, stopfile, outfile = int(sys.argv[1]), sys.argv[2], sys.argv[3]
deadline = time.monotonic() + float(sys.argv[4] if len(sys.argv) > 4 else 600)
lock = threading.Lock()
total = 0
failed = 0
samples = []


def record(ok, why=None):
    global total, failed
    with lock:
        total += 1
        if not ok:
            failed += 1
            if len(samples) < 10:
                samples.append(why)


def going():
    return time.monotonic() < deadline and not os.path.exists(stopfile)


def worker(keep_alive):
    conn = None
    while going():
        time.sleep(0.005)
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/", headers={"Connection": "keep-alive" if keep_alive else "close"})
            r = conn.getresponse()
            r.read()
            record(r.status == 200, "status %d" % r.status)
            if not keep_alive or r.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except Exception as e:  # every failure counts: refused, reset, timeout
            record(False, repr(e))
            if conn is not None:
                conn.close()
            conn = None


threads = [threading.Thread(target=worker, args=(i % 2 == 1,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with open(outfile, "w") as out:
    out.write("total %d failed %d\n" % (total, failed))
    for s in samples:
        out.write(s + "\n")
