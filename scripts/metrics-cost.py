#!/usr/bin/env python3
"""What metrics: costs an idle baton: start-up (exec of bin/baton -> its "child started" line) and
RSS (2 s after "ready", and after 5 scrapes), without metrics, with metrics.textfile, and with
metrics.listen + textfile. With METRICS_COST_AGENT=JAR[,JAR...], also without metrics but with each Java agent
in baton's JVM (how the Prometheus Java client was weighed: an agent that registers the same metrics
with it and writes them once; docs/bench/metrics-cost.txt).
Usage: scripts/metrics-cost.py [launcher/target/baton/bin/baton] [runs]"""
import os, signal, statistics, subprocess, sys, tempfile, time, urllib.request

baton = sys.argv[1] if len(sys.argv) > 1 else "launcher/target/baton/bin/baton"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
work = tempfile.mkdtemp(prefix="baton-metrics-cost-")
base = 'command: [sleep, "3600"]\nhealthcheck: {alive: {duration: 100ms}}\n'
configs = {
    "none": base,
    "textfile": base + "metrics: {textfile: %s/m.prom}\n" % work,
    "listen+textfile": base + "metrics: {listen: 127.0.0.1:19466, textfile: %s/m.prom}\n" % work,
}
agents = {}
for jar in filter(None, os.environ.get("METRICS_COST_AGENT", "").split(",")):
    name = "none+" + os.path.basename(jar)
    agents[name] = jar
    configs[name] = base


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024


def once(name):
    path = os.path.join(work, name + ".yaml")
    with open(path, "w") as f:
        f.write(configs[name])
    t0 = time.monotonic()
    env = dict(os.environ)
    if name in agents:
        env["BATON_JAVA_OPTS"] = "-javaagent:" + agents[name]
    p = subprocess.Popen([baton, "run", "-c", path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         env=env)
    started = None
    deadline = t0 + 30
    for line in p.stdout:
        if started is None and "child started" in line:
            started = (time.monotonic() - t0) * 1000
        if " ready" in line:
            break
        if time.monotonic() > deadline:
            break
    time.sleep(2)
    java = p.pid  # bin/baton execs the JVM
    idle = rss_mb(java)
    if "listen" in name:
        for _ in range(5):
            urllib.request.urlopen("http://127.0.0.1:19466/metrics", timeout=5).read()
    scraped = rss_mb(java)
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=20)
    return started, idle, scraped


results = {n: [] for n in configs}
for i in range(runs):
    for n in configs:
        results[n].append(once(n))
for n, rs in results.items():
    s, idle, scraped = zip(*rs)
    print("%-24s start-up to child %4.0f ms (median of %d, min %4.0f)  RSS idle %5.1f MB  after 5 scrapes %5.1f MB"
          % (n, statistics.median(s), runs, min(s), statistics.median(idle), statistics.median(scraped)))
