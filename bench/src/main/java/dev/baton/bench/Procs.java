package dev.baton.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What every run does to processes and ports, whichever flipper it runs: free ports, signals by
 * name, "the app answers", and the processes a run started (each carries the run's BENCH_TAG in
 * its environment), found in /proc.
 */
final class Procs {
    private Procs() {
    }

    static int freePort() throws IOException {
        return freePorts(1).get(0);
    }

    /** {@code n} distinct free ports: each is held until all are found, so none is handed out twice. */
    static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    static void kill(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGKILL sent from this JVM (no kill(1) process in between), so the bench knows the moment to
     * the millisecond. False if the process is gone or the signal could not be sent.
     */
    static boolean sigkill(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false);
    }

    static boolean alive(long pid) {
        return pid > 0 && Files.exists(Path.of("/proc/" + pid));
    }

    /** Waits until a GET / on {@code port} is answered 200, or fails after 30 s. */
    static void awaitServing(int port) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (LoadGen.Response.read(s.getInputStream()).status() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(50); // a poll period: nothing to block on until the port answers
        }
        throw new IOException("nothing serves on port " + port);
    }

    /** Processes of the run tagged {@code tag} still there 10 s after it stopped; killed if any. */
    static int leftovers(String tag) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Long> left = tagged(tag);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = tagged(tag);
        }
        for (long pid : left) {
            kill(pid, "KILL");
        }
        return left.size();
    }

    /** The live (not zombie) processes whose environment holds BENCH_TAG={@code tag}. */
    static List<Long> tagged(String tag) {
        List<Long> out = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && Long.parseLong(name) != ProcessHandle.current().pid()
                        && carriesTag(Long.parseLong(name), tag) && !zombie(Long.parseLong(name))) {
                    out.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static boolean carriesTag(long pid, String tag) {
        try {
            return indexOf(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")),
                    ("BENCH_TAG=" + tag).getBytes(StandardCharsets.UTF_8)) >= 0;
        } catch (IOException | RuntimeException e) {
            return false; // gone, or not ours to read
        }
    }

    private static boolean zombie(long pid) {
        return stat(pid).map(s -> s.charAt(s.lastIndexOf(')') + 2) == 'Z').orElse(true);
    }

    static Optional<String> stat(long pid) {
        try {
            return Optional.of(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The command line, its words joined by spaces; empty if the process is gone. */
    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The file name of the executable the process runs ("java", "perl5.36.0"); empty if it is gone. */
    static String program(long pid) {
        try {
            Path exe = Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).getFileName();
            return exe == null ? "" : exe.toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /** Where {@code needle} starts in {@code hay}, or -1. */
    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
