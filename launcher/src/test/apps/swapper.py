#!/usr/bin/env python3
"""A local attacker for baton's security tests: it races baton for a name in a directory.

  swapper.py --dir D --match REGEX --target T --ready F [--subdirs] [--after-owner UID]
  swapper.py --dir D --spin NAME --target T --ready F [--for S]

Watches D with inotify (IN_CREATE, IN_MOVED_TO). Each time a name matching REGEX appears, it is
replaced at once by a symlink to T, with one rename(2) of a link made beforehand (the fastest
swap there is). With --subdirs, every new directory in D is watched too (a per-child directory).
With --after-owner, the swap is retried until the directory holding the name belongs to UID (the
moment baton hands it over). Writes one line per swap to stdout, and F once its watches are set,
so the test can wait for it instead of sleeping. Runs until killed; never touches T itself.

With --spin, it doesn't wait for inotify's wake-up: it polls D/NAME in a tight loop (for S seconds
at most, default 30) and swaps the moment a socket is there, within microseconds of bind(2).
"""
import argparse
import ctypes
import os
import re
import stat
import struct
import sys
import time

IN_CREATE = 0x100
IN_MOVED_TO = 0x80
IN_ISDIR = 0x40000000
EVENT = struct.Struct("iIII")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--match")
    p.add_argument("--spin")
    p.add_argument("--for", dest="seconds", type=float, default=30)
    p.add_argument("--target", required=True)
    p.add_argument("--ready", required=True)
    p.add_argument("--subdirs", action="store_true")
    p.add_argument("--after-owner", type=int)
    a = p.parse_args()
    if a.spin:
        spin(a)
        return
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    fd = libc.inotify_init1(0)
    if fd < 0:
        sys.exit("inotify_init1: errno %d" % ctypes.get_errno())
    watches = {}

    def watch(d):
        wd = libc.inotify_add_watch(fd, d.encode(), IN_CREATE | IN_MOVED_TO)
        if wd >= 0:
            watches[wd] = d

    watch(a.dir)
    print("watching %s" % a.dir if watches else "cannot watch %s" % a.dir, flush=True)
    pattern = re.compile(a.match)
    spare = 0
    with open(a.ready, "w") as f:
        f.write("%d\n" % os.getpid())
    while True:
        data = os.read(fd, 65536)
        off = 0
        while off < len(data):
            wd, mask, _, length = EVENT.unpack_from(data, off)
            name = data[off + EVENT.size:off + EVENT.size + length].rstrip(b"\0").decode()
            off += EVENT.size + length
            d = watches.get(wd)
            if d is None:
                continue
            if mask & IN_ISDIR:
                if a.subdirs:
                    watch(os.path.join(d, name))
                continue
            if not pattern.fullmatch(name) or is_ours(os.path.join(d, name), a.target):
                continue
            spare += 1
            link = os.path.join(d, ".swap-%d" % spare)
            if swap(d, name, link, a.target, a.after_owner):
                print("swapped %s" % os.path.join(d, name), flush=True)


def spin(a):
    path = os.path.join(a.dir, a.spin)
    link = os.path.join(a.dir, ".swap-spin")
    with open(a.ready, "w") as f:
        f.write("%d\n" % os.getpid())
    lstat, rename, S_ISSOCK = os.lstat, os.rename, stat.S_ISSOCK
    deadline = time.monotonic() + a.seconds
    while time.monotonic() < deadline:
        if not os.path.lexists(link):
            os.symlink(a.target, link)  # made beforehand: the swap itself is one rename(2)
        for _ in range(10000):
            try:
                if S_ISSOCK(lstat(path).st_mode):
                    rename(link, path)
                    print("swapped %s" % path, flush=True)
                    break
            except OSError:
                pass


def is_ours(path, target):
    """The event of our own rename: already the link we put there."""
    try:
        return os.readlink(path) == target
    except OSError:
        return False


def swap(d, name, link, target, after_owner):
    for _ in range(200000):
        try:
            if after_owner is not None and os.lstat(d).st_uid != after_owner:
                continue
            os.symlink(target, link)
            try:
                os.rename(link, os.path.join(d, name))
                return True
            except OSError:
                os.unlink(link)
                if after_owner is None:
                    return False
        except OSError:
            if after_owner is None:
                return False
    return False


if __name__ == "__main__":
    main()
