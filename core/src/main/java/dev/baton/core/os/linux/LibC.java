package dev.baton.core.os.linux;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The libc calls baton needs, bound once with jnr-ffi ({@link Native#LIBC}): the one native
 * binding of the whole program. The interface is public only because jnr-ffi's loader needs it;
 * only this package calls it, so nothing outside the Linux implementation of the OS seam sees a
 * jnr type.
 *
 * <p>posix_spawn* functions return an errno value rather than setting errno.
 */
public interface LibC {
    int POSIX_SPAWN_SETPGROUP = 0x02;
    int POSIX_SPAWN_SETSIGDEF = 0x04;
    int POSIX_SPAWN_SETSIGMASK = 0x08;

    int ECHILD = 10;
    int EINTR = 4;
    int ESRCH = 3;
    int EPERM = 1;

    int SIG_UNBLOCK = 1;

    // opaque struct sizes on glibc x86_64/aarch64 are 80 and 336 bytes; allocate with slack
    int FILE_ACTIONS_SIZE = 512;
    int SPAWNATTR_SIZE = 512;
    int SIGSET_SIZE = 128;
    int SIGACTION_SIZE = 256;

    int posix_spawn(@Out int[] pid, @In String path, Pointer fileActions, Pointer attr, Pointer argv,
            Pointer envp);

    int posix_spawn_file_actions_init(Pointer fileActions);

    int posix_spawn_file_actions_destroy(Pointer fileActions);

    int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newfd);

    int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    int posix_spawn_file_actions_addclose(Pointer fileActions, int fd);

    int posix_spawn_file_actions_addchdir_np(Pointer fileActions, @In String path);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_destroy(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setpgroup(Pointer attr, int pgroup);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    int sigemptyset(Pointer set);

    int sigfillset(Pointer set);

    int sigaddset(Pointer set, int signum);

    @SaveError
    int waitpid(int pid, @Out int[] status, int options);

    @SaveError
    int kill(int pid, int sig);

    int getpid();

    int getppid();

    @SaveError
    int sigaction(int signum, Pointer act, Pointer oldact);

    int pthread_sigmask(int how, Pointer set, Pointer oldset);

    int raise(int sig);

    void _exit(int status);

    String strerror(int errnum);

    /** Returns struct passwd*, or null. pw_uid is at offset 16, pw_gid at 20 (LP64). */
    Pointer getpwnam(@In String name);

    /** Returns struct passwd*, or null. */
    Pointer getpwuid(int uid);

    /** Returns struct group*, or null. gr_gid is at offset 16 (LP64). */
    Pointer getgrnam(@In String name);

    /** Returns struct group*, or null. */
    Pointer getgrgid(int gid);

    int geteuid();

    int O_CLOEXEC = 0x80000;

    @SaveError
    int pipe2(@Out int[] fds, int flags);

    @SaveError
    long write(int fd, @In byte[] buf, long count);

    int close(int fd);

    int AF_UNIX = 1;
    int SOCK_STREAM = 1;
    int SOCK_CLOEXEC = 0x80000;
    int F_SETFD = 2;
    int FD_CLOEXEC = 1;
    int EPIPE = 32;
    int EAGAIN = 11;

    @SaveError
    int socketpair(int domain, int type, int protocol, @Out int[] fds);

    @SaveError
    long read(int fd, @Out byte[] buf, long count);

    @SaveError
    int fcntl(int fd, int cmd, int arg);

    @SaveError
    int shutdown(int fd, int how);

    int AF_INET = 2;
    int AF_INET6 = 10;
    int SOL_SOCKET = 1;
    int SO_REUSEADDR = 2;
    int SO_TYPE = 3;
    int SO_ACCEPTCONN = 30;
    int IPPROTO_IPV6 = 41;
    int IPV6_V6ONLY = 26;

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int setsockopt(int fd, int level, int name, @In int[] value, int len);

    @SaveError
    int getsockopt(int fd, int level, int name, @Out int[] value, @In @Out int[] len);

    @SaveError
    int bind(int fd, Pointer addr, int len);

    @SaveError
    int listen(int fd, int backlog);

    @SaveError
    int getsockname(int fd, Pointer addr, @In @Out int[] len);

    int SO_PEERCRED = 17;
    int SO_RCVTIMEO = 20;
    int SO_SNDTIMEO = 21;

    @SaveError
    int accept4(int fd, Pointer addr, Pointer len, int flags);

    // ---- issue 12: files and directories without path races (fds, *at calls, O_NOFOLLOW; see Fs),
    // accept errors, and a client connect with a timeout (the control socket) ----

    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;
    int AT_REMOVEDIR = 0x200;
    int AT_EMPTY_PATH = 0x1000;
    int ENOENT = 2;
    int EBADF = 9;
    int EEXIST = 17;
    int ENOTDIR = 20;
    int EINVAL = 22;
    int ELOOP = 40;
    int EPROTO = 71;
    int ENOTSOCK = 88;
    int ECONNABORTED = 103;
    int ECONNREFUSED = 111;
    int EINPROGRESS = 115;

    @SaveError
    int connect(int fd, Pointer addr, int len);

    /** open(2) without O_CREAT (so without a mode). */
    @SaveError
    int open(@In String path, int flags);

    @SaveError
    int openat(int dirfd, @In String path, int flags, int mode);

    @SaveError
    int fchmod(int fd, int mode);

    @SaveError
    int fchownat(int dirfd, @In String path, int uid, int gid, int flags);

    @SaveError
    int fsync(int fd);

    @SaveError
    int renameat(int olddirfd, @In String oldpath, int newdirfd, @In String newpath);

    @SaveError
    int unlinkat(int dirfd, @In String path, int flags);

    @SaveError
    int mkdirat(int dirfd, @In String path, int mode);

    @SaveError
    long readlinkat(int dirfd, @In String path, @Out byte[] buf, long size);

    /** statx(2): its struct has one layout on every architecture (unlike struct stat); see FileStatus. */
    @SaveError
    int statx(int dirfd, @In String path, int flags, int mask, Pointer buf);

    int umask(int mask);

    // ---- issue 13: the notify check's socket (FdNotifyChannel), moved here from the healthcheck
    // module's own binding: datagrams received with their sender's credentials ----

    int SOCK_DGRAM = 2;
    int SO_PASSCRED = 16;
    int SCM_CREDENTIALS = 2;
    int MSG_DONTWAIT = 0x40;

    @SaveError
    long recvmsg(int fd, Pointer msghdr, int flags);

    int getpgid(int pid);

    // ---- the controlling terminal's hangup (TerminalWatch) ----

    int O_RDONLY = 0;
    int O_NOCTTY = 0x100;
    int POLLIN = 0x1;
    int POLLHUP = 0x10;
    int POLLNVAL = 0x20;

    /** poll(2) over {@code nfds} struct pollfd (int fd; short events; short revents: 8 bytes each). */
    @SaveError
    int poll(Pointer fds, long nfds, int timeout);
}
