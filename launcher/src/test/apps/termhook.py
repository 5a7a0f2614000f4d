#!/usr/bin/env python3
"""Runs a socket-activated app (LISTEN_FDS=1, a fresh listening socket on 127.0.0.1 at fd 3) in
this very process, and sends it SIGTERM once, at the worst moment for its stop path:

- if the app handles SIGTERM with a Python handler: the first time, after that handler is in place
  and SIGTERM is unblocked, that its main thread enters threading.Condition.wait. The main thread
  then holds the lock of the Event (or Condition) it waits on, and the handler runs right there;
- if the app takes SIGTERM with signal.sigwait(): when its main thread calls sigwait.

Prints "termhook: port N" first and "termhook: SIGTERM ..." when it sends the signal.

usage: termhook.py APP [ARGS...]
"""
import _signal
import os
import runpy
import signal
import socket
import sys
import threading

app = sys.argv[1]
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen(64)
print("termhook: port %d" % listener.getsockname()[1], flush=True)
if listener.fileno() == 3:
    listener.detach()
else:
    os.dup2(listener.fileno(), 3)
    listener.close()
os.environ.update(LISTEN_FDS="1", LISTEN_FDNAMES="web", LISTEN_PID=str(os.getpid()))
sys.argv = [app] + sys.argv[2:]
sent = False


def term(why):
    global sent
    sent = True
    print("termhook: SIGTERM " + why, flush=True)
    os.kill(os.getpid(), signal.SIGTERM)


def handled_in_python():
    return callable(signal.getsignal(signal.SIGTERM)) and signal.SIGTERM not in signal.pthread_sigmask(
        signal.SIG_BLOCK, [])


def hook(frame, event, arg):
    if sent or threading.current_thread() is not threading.main_thread():
        return
    if event == "c_call" and arg is _signal.sigwait:  # signal.sigwait wraps it
        term("as the main thread calls sigwait")
    elif (event == "call" and frame.f_code.co_name == "wait" and frame.f_code.co_filename == threading.__file__
          and type(frame.f_locals.get("self")).__name__ == "Condition" and handled_in_python()):
        term("while the main thread holds a lock in threading.Condition.wait")


sys.setprofile(hook)
runpy.run_path(app, run_name="__main__")
