package dev.baton.core.supervisor;

/** baton's own exit codes (sysexits.h); a child's code is relayed as it is. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Bad arguments. */
    public static final int USAGE = 64;
    /** The first child never became healthy within upgrade.timeout. */
    public static final int UNHEALTHY = 69;
    /** A bug in baton. */
    public static final int SOFTWARE = 70;
    /** The child could not be spawned (posix_spawn failed). */
    public static final int SPAWN_FAILED = 71;
    /** A tool baton needs is missing (setpriv, /bin/sh). */
    public static final int MISSING_TOOL = 72;
    /** The pidfile could not be written. */
    public static final int CANT_CREATE = 73;
    /** A listener could not be opened (address in use, permission denied). */
    public static final int LISTEN_FAILED = 74;
    /** A new baton lost its old baton before the handover was final. */
    public static final int HANDOVER_LOST = 75;
    /** A new baton was given a handover protocol version it doesn't speak. */
    public static final int PROTOCOL = 76;
    /** The child stopped passing its liveness check, and liveness.action is exit (past sysexits.h: no code there means it). */
    public static final int LIVENESS_FAILED = 79;
    /** The config file is invalid. */
    public static final int CONFIG = 78;

    private ExitCodes() {
    }
}
