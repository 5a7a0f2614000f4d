package dev.baton.core.supervisor;

import dev.baton.core.handover.HandoverEnv;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * baton's original environment, and the child's environment derived from it.
 *
 * <p>{@code bin/baton} adds variables of its own: {@code BATON_LAUNCHER} (its unresolved
 * path), {@code BATON_HOME}, and {@code _JAVA_SR_SIGNUM} (it moves HotSpot's internal
 * suspend/resume signal off SIGUSR2 so that USR2 can be forwarded). A user's own
 * {@code _JAVA_SR_SIGNUM} is saved in {@code BATON_SAVED_JAVA_SR_SIGNUM} and restored here.
 */
public final class BatonEnvironment {
    static final String SR_SIGNUM = "_JAVA_SR_SIGNUM";
    static final String SAVED_SR_SIGNUM = "BATON_SAVED_JAVA_SR_SIGNUM";
    static final String LAUNCHER_MARK = "BATON_LAUNCHER";
    /** Set (to 1) once baton found SIGHUP ignored at its start; a new baton inherits it with the environment. */
    static final String NOHUP = "BATON_NOHUP";

    private final Map<String, String> original;
    private final Path runtimeDirectory;

    private BatonEnvironment(Map<String, String> original, Path runtimeDirectory) {
        this.original = Map.copyOf(original);
        this.runtimeDirectory = runtimeDirectory;
    }

    /** The same environment, with baton's runtime directory (where its control socket lives). */
    public BatonEnvironment withRuntimeDirectory(Path dir) {
        return new BatonEnvironment(original, dir);
    }

    /**
     * This baton, or the first baton of this service, was started with SIGHUP ignored ({@code nohup}):
     * a terminal's hangup is ignored, though SIGHUP itself is handled (re-exec flips start each new
     * baton with default dispositions, so the environment carries the fact).
     */
    public boolean ignoresHangups() {
        return "1".equals(original.get(NOHUP));
    }

    /** The same environment, marked as started with SIGHUP ignored ({@link #ignoresHangups}). */
    public BatonEnvironment withHangupsIgnored() {
        Map<String, String> env = new TreeMap<>(original);
        env.put(NOHUP, "1");
        return new BatonEnvironment(env, runtimeDirectory);
    }

    /** baton's runtime directory; the JVM's temp directory until {@link #withRuntimeDirectory} said otherwise. */
    public Path runtimeDirectory() {
        return runtimeDirectory;
    }

    /** Undoes what {@code bin/baton} added, giving the environment baton was started with. */
    public static BatonEnvironment fromProcess(Map<String, String> processEnv) {
        Map<String, String> env = new TreeMap<>(processEnv);
        if (env.containsKey(LAUNCHER_MARK)) {
            env.remove(LAUNCHER_MARK);
            env.remove("BATON_HOME");
            env.remove(SR_SIGNUM);
            String saved = env.remove(SAVED_SR_SIGNUM);
            if (saved != null) {
                env.put(SR_SIGNUM, saved);
            }
        }
        // what an old baton added for this handover: never passed on to the next one
        HandoverEnv.strip(env);
        return new BatonEnvironment(env, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** What a re-exec'd baton gets, and what {@code ${VAR}} reads. */
    public Map<String, String> original() {
        return original;
    }

    /**
     * The child's environment: the original minus what belongs to baton ({@code NOTIFY_SOCKET},
     * {@code LISTEN_*}, {@code BATON_*}), plus the config's {@code env}, which wins.
     */
    public Map<String, String> forChild(Map<String, String> configEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        original.forEach((k, v) -> {
            if (!belongsToBaton(k)) {
                env.put(k, v);
            }
        });
        env.putAll(configEnv);
        return env;
    }

    static boolean belongsToBaton(String name) {
        return name.equals("NOTIFY_SOCKET") || name.equals("LISTEN_PID") || name.equals("LISTEN_FDS")
                || name.equals("LISTEN_FDNAMES") || name.startsWith("BATON_");
    }
}
