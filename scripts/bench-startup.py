#!/usr/bin/env python3
"""Start-up and memory benchmark for baton (not a test: it prints numbers).

For each JDK and with/without the class-data archive, over several runs, it reports medians of:
  exec -> JVM main          bin/baton exec'd to Main entered (BATON_TRACE_START)
  main -> child spawned     to the "child started" log line
  SIGHUP -> new child       a re-exec flip: HUP to the new generation's "child started"
  idle RSS / PSS            10 s after start
  idle CPU                  user+system CPU of an idle baton over --cpu-seconds (one run per variant)
  idle private / threads    Pss_Anon from smaps_rollup, and the number of threads, 10 s after start
Then, per JDK with its archive (what bin/baton uses), a table of the issue's start-up and memory
targets: target, measured, PASS/FAIL. It adds an idle baton whose http check ran (the RSS an
http check costs over none) and ten idle batons side by side (their total PSS).

usage: scripts/bench-startup.py [--runs 5] [--cpu-seconds 60] [--home launcher/target/baton]
       [--jdk /usr/lib/jvm/java-17-openjdk-amd64 ...] [--archive-only] [--no-targets]
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
    """RSS, PSS and private (Pss_Anon) in MB, and the thread count."""
    rss = int(re.search(r"VmRSS:\s+(\d+)", open("/proc/%d/status" % pid).read()).group(1))
    rollup = open("/proc/%d/smaps_rollup" % pid).read()
    pss = int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
    anon = int(re.search(r"^Pss_Anon:\s+(\d+)", rollup, re.M).group(1))
    return rss / 1024, pss / 1024, anon / 1024, len(os.listdir("/proc/%d/task" % pid))


def thread_names(pid):
    names = []
    for tid in sorted(os.listdir("/proc/%d/task" % pid), key=int):
        try:
            names.append(open("/proc/%d/task/%s/comm" % (pid, tid)).read().strip())
        except OSError:
            pass
    return names


SLEEP_CONFIG = 'command: [sleep, "100000"]\npidfile: %(pidfile)s\nhealthcheck: {alive: {duration: 10ms}}\n'
HTTP_CONFIG = ('command: [python3, -m, http.server, --bind, 127.0.0.1, "%(port)d"]\npidfile: %(pidfile)s\n'
               'healthcheck: {http: {url: "http://127.0.0.1:%(port)d/", interval: 20ms, timeout: 1s}}\n')


def start(home, env, workdir, name, template, port=0):
    """Starts one baton; returns (process, stderr path, pidfile)."""
    config = os.path.join(workdir, name + ".yaml")
    pidfile = os.path.join(workdir, name + ".pid")
    with open(config, "w") as f:
        f.write(template % {"pidfile": pidfile, "port": port})
    err = os.path.join(workdir, name + ".err")
    with open(err, "w") as e:
        proc = subprocess.Popen([os.path.join(home, "bin/baton"), "run", "-c", config], stderr=e,
                                stdout=subprocess.DEVNULL, env=env)
    return proc, err, pidfile


def stop(proc, pidfile):
    try:
        os.kill(int(open(pidfile).read()), signal.SIGTERM)
    except (OSError, ValueError):
        proc.terminate()
    proc.wait(timeout=30)
    deadline = time.time() + 30
    while time.time() < deadline and os.path.exists(pidfile):
        time.sleep(0.05)


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def idle_memory(home, env, workdir, idle, template, name):
    """(rss, pss, private, threads, thread names) of one baton, idle seconds after it is ready."""
    proc, err, pidfile = start(home, env, workdir, name, template, free_port())
    try:
        wait_for(err, r" ready$")
        time.sleep(idle)
        return memory(proc.pid) + (thread_names(proc.pid),)
    finally:
        stop(proc, pidfile)


def ten_batons(home, env, workdir, idle):
    """Total PSS in MB of ten idle batons, each with its own config."""
    started = [start(home, env, workdir, "ten-%d" % i, SLEEP_CONFIG) for i in range(10)]
    try:
        for _, err, _ in started:
            wait_for(err, r" ready$")
        time.sleep(idle)
        return sum(memory(proc.pid)[1] for proc, _, _ in started)
    finally:
        for proc, _, pidfile in started:
            stop(proc, pidfile)


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
        rss, pss, private, threads = memory(proc.pid)
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
            "idle private MB": private,
            "idle threads": threads,
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


ARCHIVES = ("baton.jsa", "baton.aot")

TARGETS = [
    # (what, measured from, target, unit, how it passes)
    ("exec -> child spawned, at rest, median", "exec->child ms", 150, "ms", "<="),
    ("SIGHUP -> new child spawned, re-exec, at rest, median (issue: <= 200 under load)", "HUP->new child ms", 200,
     "ms", "<="),
    ("idle baton 10 s after start: private memory (Pss_Anon)", "idle private MB", 20, "MB", "<="),
    ("idle baton 10 s after start: RSS", "idle RSS MB", 40, "MB", "<="),
    ("idle baton 10 s after start: threads", "idle threads", 8, "", "<="),
    ("idle baton with an http check: RSS over no check", "http RSS delta MB", 3, "MB", "<="),
    ("ten idle batons, ten configs: total PSS", "ten batons PSS MB", 250, "MB", "<="),
    ("idle CPU (one run of --cpu-seconds)", "idle CPU s", 0, "s", "<="),
]


def median(results, key):
    values = [r[key] for r in results if r.get(key) is not None]
    return statistics.median(values) if values else None


def print_targets(label, results, extra):
    print()
    print("targets, %s" % label)
    print("%-84s %10s %10s  %s" % ("target", "wanted", "measured", "verdict"))
    for what, key, target, unit, _ in TARGETS:
        value = extra.get(key) if key in extra else median(results, key)
        if value is None:
            print("%-84s %10s %10s  %s" % (what, "<= %g%s" % (target, unit), "-", "not measured"))
            continue
        verdict = "PASS" if round(value, 1) <= target else "FAIL"
        print("%-84s %10s %10s  %s" % (what, "<= %g%s" % (target, unit), "%.1f%s" % (value, unit), verdict))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--idle", type=float, default=10)
    ap.add_argument("--cpu-seconds", type=float, default=60)
    ap.add_argument("--home", default="launcher/target/baton")
    ap.add_argument("--jdk", action="append")
    ap.add_argument("--archive-only", action="store_true", help="skip the runs without the archive")
    ap.add_argument("--no-targets", action="store_true", help="skip the http-check and ten-baton runs")
    args = ap.parse_args()
    jdks = args.jdk or [j for j in ("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/temurin-25-jdk-amd64")
                        if os.path.exists(j)]
    work = tempfile.mkdtemp(prefix="baton-bench-")
    rows = []
    tables = []
    try:
        for jdk in jdks:
            home = os.path.join(work, "install-" + os.path.basename(jdk))
            shutil.copytree(os.path.abspath(args.home), home, symlinks=True)
            for name in ARCHIVES:
                for path in (os.path.join(home, "lib", name), os.path.join(home, "lib", name + ".stamp")):
                    if os.path.exists(path):
                        os.remove(path)
            env = dict(os.environ, JAVA_HOME=jdk, BATON_TRACE_START="1")
            subprocess.run([os.path.join(home, "bin/baton"), "train-archive"], env=env, check=True,
                           stderr=subprocess.DEVNULL)
            stamps = [os.path.join(home, "lib", n + ".stamp") for n in ARCHIVES
                      if os.path.exists(os.path.join(home, "lib", n + ".stamp"))]
            kind = "AOT cache" if any("aot" in p for p in stamps) else "archive"
            for archive in (True,) if args.archive_only else (True, False):
                if not archive:
                    for stamp in stamps:
                        os.rename(stamp, stamp + ".off")
                results = [one_run(home, env, work, args.idle, args.cpu_seconds if i == 0 else 0)
                           for i in range(args.runs)]
                if not archive:
                    for stamp in stamps:
                        os.rename(stamp + ".off", stamp)
                label = "%s, %s" % (os.path.basename(jdk), kind if archive else "no " + kind)
                rows.append((label, results))
                if archive and not args.no_targets:
                    plain = idle_memory(home, env, work, args.idle, SLEEP_CONFIG, "plain")
                    http = idle_memory(home, env, work, args.idle, HTTP_CONFIG, "http")
                    extra = {"http RSS delta MB": http[0] - plain[0],
                             "ten batons PSS MB": ten_batons(home, env, work, args.idle)}
                    tables.append((label, results, extra, plain, http))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    keys = ["exec->main ms", "main->child ms", "exec->child ms", "HUP->new child ms", "idle RSS MB", "idle PSS MB",
            "idle private MB", "idle threads", "idle CPU s"]
    print("medians over %d runs (idle CPU: one run of %ds)" % (args.runs, args.cpu_seconds))
    print("%-36s" % "" + "".join("%18s" % k for k in keys))
    for label, results in rows:
        cells = []
        for k in keys:
            value = median(results, k)
            cells.append("%18.1f" % value if value is not None else "%18s" % "-")
        print("%-36s" % label + "".join(cells))
    for label, results, extra, plain, http in tables:
        print_targets(label, results, extra)
        print("  idle, no check: RSS %.1f MB, private %.1f MB, %d threads: %s"
              % (plain[0], plain[2], plain[3], ", ".join(plain[4])))
        print("  idle, http check ran: RSS %.1f MB, private %.1f MB, %d threads: %s"
              % (http[0], http[2], http[3], ", ".join(http[4])))


if __name__ == "__main__":
    main()
