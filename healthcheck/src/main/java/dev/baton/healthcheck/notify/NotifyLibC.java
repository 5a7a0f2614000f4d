package dev.baton.healthcheck.notify;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * What receiving sd_notify datagrams with sender credentials takes: jnr-unixsocket's receive
 * does not return SCM_CREDENTIALS, so recvmsg(2) is bound here.
 */
public interface NotifyLibC {
    int AF_UNIX = 1;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SO_PASSCRED = 16;
    int SO_RCVTIMEO = 20;
    int SCM_CREDENTIALS = 2;
    int EAGAIN = 11;
    int EINTR = 4;
    int MSG_DONTWAIT = 0x40;

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int setsockopt(int fd, int level, int name, @In int[] value, int len);

    @SaveError
    int bind(int fd, Pointer addr, int len);

    @SaveError
    long recvmsg(int fd, Pointer msghdr, int flags);

    int close(int fd);

    int getpgid(int pid);

    int geteuid();
}
