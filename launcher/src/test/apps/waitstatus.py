#!/usr/bin/env python3
"""Runs a command and prints how it ended, telling an exit code from a death by signal:
"exited N" or "signaled N" (plus " core" if it dumped core)."""
import os
import sys

pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status = os.waitpid(pid, 0)
if os.WIFSIGNALED(status):
    print("signaled %d%s" % (os.WTERMSIG(status), " core" if os.WCOREDUMP(status) else ""), flush=True)
else:
    print("exited %d" % os.WEXITSTATUS(status), flush=True)
