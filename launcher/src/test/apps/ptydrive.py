#!/usr/bin/env python3
"""Runs a command on a new pseudo-terminal, as a shell's foreground job would run.

Prints "pid N" (the command's pid) on stdout, then obeys lines on stdin:
  ctrl-z   type ^Z on the terminal      ctrl-c   type ^C on the terminal
  fg       send SIGCONT to the job's process group (what a shell's `fg` does)
  wait     wait for the command; print "exited N" or "signaled N"
Everything the command writes to the terminal is copied to the file given as first argument.
"""
import os
import pty
import sys
import threading

log_path = sys.argv[1]
pid, master = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])


def copy_output():
    with open(log_path, "ab", buffering=0) as log:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if not data:
                return
            log.write(data)


threading.Thread(target=copy_output, daemon=True).start()
print("pid %d" % pid, flush=True)
for line in sys.stdin:
    cmd = line.strip()
    if cmd == "ctrl-z":
        os.write(master, b"\x1a")
    elif cmd == "ctrl-c":
        os.write(master, b"\x03")
    elif cmd == "fg":
        os.killpg(pid, 18)
    elif cmd == "wait":
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            print("signaled %d" % os.WTERMSIG(status), flush=True)
        else:
            print("exited %d" % os.WEXITSTATUS(status), flush=True)
        break
