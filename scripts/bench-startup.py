#!/usr/bin/env python3
"""Start-up and memory benchmark for baton (not a test: it prints numbers).

For each JDK and with/without the class-data archive, over several runs, it reports medians of:
  exec -> JVM main          bin/baton exec'd to Main entered (BATON_TRACE_START)
  main -> child spawned     to the "child started" log line
  SIGHUP -> new child       a re-exec flip: HUP to the new generation's "child started"
  idle RSS / PSS            10 s after start
  idle CPU                  user+system CPU of an idle baton over --cpu-seconds (one run per variant)

usage: scripts/bench-startup.py [--runs 5] [--cpu-seconds 60] [--home launcher/target/baton]
       [--jdk /usr/lib/jvm/java-17-openjdk-amd64 ...]
"""
import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from datetime import datetime

TICKS = os.sysconf("SC_CLK_TCK")


def log_time(line):
    stamp = line.split(" ", 1)[0]
    return datetime.strptime(stamp.rstrip("Z"), "%Y-%m-%dT%H:%M:%S.%f").timestamp()


def wait_for(path, pattern, count=1, timeout=60):
    deadline = time.time() + timeout
    rx = re.compile(pattern)
    while time.time() < deadline:
        with open(path) as f:
            lines = [l for l in f if rx.search(l)]
        if len(lines) >= count:
            return lines[count - 1]
        time.sleep(0.005)
    raise RuntimeError("timed out waiting for %r in %s" % (pattern, path))


def cpu_seconds(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def memory(pid):
    rss = int(re.search(r"VmRSS:\s+(\d+)", open("/proc/%d/status" % pid).read()).group(1))
    pss = int(re.search(r"Pss:\s+(\d+)", open("/proc/%d/smaps_rollup" % pid).read()).group(1))
    return rss / 1024, pss / 1024


def one_run(home, env, workdir, idle, cpu_window):
    config = os.path.join(workdir, "bench.yaml")
    pidfile = os.path.join(workdir, "bench.pid")
    with open(config, "w") as f:
        f.write('command: [sleep, "100000"]\npidfile: %s\nhealthcheck: {alive: {duration: 10ms}}\n' % pidfile)
    err = os.path.join(workdir, "err.log")
    with open(err, "w") as e:
        t_exec = time.time_ns()
        proc = subprocess.Popen([os.path.join(home, "bin/baton"), "run", "-c", config], stderr=e,
                                stdout=subprocess.DEVNULL, env=env)
    try:
        main_ns = int(wait_for(err, r"^baton-trace main").split()[2])
        spawned = log_time(wait_for(err, r"generation=1 pid=\d+ child started"))
        wait_for(err, r" ready$")
        time.sleep(idle)
        rss, pss = memory(proc.pid)
        cpu = None
        if cpu_window:
            c0 = cpu_seconds(proc.pid)
            time.sleep(cpu_window)
            cpu = cpu_seconds(proc.pid) - c0
        t_hup = time.time()
        os.kill(proc.pid, signal.SIGHUP)
        new_child = log_time(wait_for(err, r"generation=2 pid=\d+ child started"))
        wait_for(err, r"flip ended: the old baton has exited")
        return {
            "exec->main ms": (main_ns - t_exec) / 1e6,
            "main->child ms": (spawned - main_ns / 1e9) * 1000,
            "exec->child ms": (spawned - t_exec / 1e9) * 1000,
            "HUP->new child ms": (new_child - t_hup) * 1000,
            "idle RSS MB": rss,
            "idle PSS MB": pss,
            "idle CPU s": cpu,
        }
    finally:
        try:
            newer = int(open(pidfile).read())
            os.kill(newer, signal.SIGTERM)
        except (OSError, ValueError):
            pass
        proc.wait(timeout=30)
        deadline = time.time() + 30
        while time.time() < deadline and os.path.exists(pidfile):
            time.sleep(0.05)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--idle", type=float, default=10)
    ap.add_argument("--cpu-seconds", type=float, default=60)
    ap.add_argument("--home", default="launcher/target/baton")
    ap.add_argument("--jdk", action="append")
    args = ap.parse_args()
    jdks = args.jdk or [j for j in ("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/temurin-25-jdk-amd64")
                        if os.path.exists(j)]
    work = tempfile.mkdtemp(prefix="baton-bench-")
    rows = []
    try:
        for jdk in jdks:
            home = os.path.join(work, "install-" + os.path.basename(jdk))
            shutil.copytree(os.path.abspath(args.home), home, symlinks=True)
            for name in ("baton.jsa", "baton.jsa.stamp"):
                path = os.path.join(home, "lib", name)
                if os.path.exists(path):
                    os.remove(path)
            env = dict(os.environ, JAVA_HOME=jdk, BATON_TRACE_START="1")
            subprocess.run([os.path.join(home, "bin/baton"), "train-archive"], env=env, check=True,
                           stderr=subprocess.DEVNULL)
            for archive in (True, False):
                stamp = os.path.join(home, "lib", "baton.jsa.stamp")
                if not archive:
                    os.rename(stamp, stamp + ".off")
                results = [one_run(home, env, work, args.idle, args.cpu_seconds if i == 0 else 0)
                           for i in range(args.runs)]
                if not archive:
                    os.rename(stamp + ".off", stamp)
                label = "%s, %s" % (os.path.basename(jdk), "archive" if archive else "no archive")
                rows.append((label, results))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    keys = ["exec->main ms", "main->child ms", "exec->child ms", "HUP->new child ms", "idle RSS MB", "idle PSS MB",
            "idle CPU s"]
    print("medians over %d runs (idle CPU: one run of %ds)" % (args.runs, args.cpu_seconds))
    print("%-46s" % "" + "".join("%19s" % k for k in keys))
    for label, results in rows:
        cells = []
        for k in keys:
            values = [r[k] for r in results if r[k] is not None]
            cells.append("%19.1f" % statistics.median(values) if values else "%19s" % "-")
        print("%-46s" % label + "".join(cells))


if __name__ == "__main__":
    main()
