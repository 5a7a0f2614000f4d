package dev.baton.launcher.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads the process table from /proc. */
final class Procs {
    private Procs() {
    }

    record Stat(long pid, char state, long ppid, long pgid) {
    }

    static Optional<Stat> stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String rest = s.substring(s.lastIndexOf(')') + 2);
            String[] f = rest.split(" ");
            return Optional.of(new Stat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Alive and not a zombie. */
    static boolean alive(long pid) {
        return stat(pid).map(s -> s.state() != 'Z' && s.state() != 'X').orElse(false);
    }

    static boolean exists(long pid) {
        return stat(pid).isPresent();
    }

    static List<Stat> all() {
        List<Stat> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .forEach(n -> stat(Long.parseLong(n)).ifPresent(out::add));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    static List<Stat> group(long pgid) {
        return all().stream().filter(s -> s.pgid() == pgid).toList();
    }

    static List<Stat> childrenOf(long ppid) {
        return all().stream().filter(s -> s.ppid() == ppid).toList();
    }

    /** Processes whose environment holds {@code NAME=VALUE}. */
    static List<Long> withEnv(String name, String value) {
        byte[] needle = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
        List<Long> out = new ArrayList<>();
        for (Stat s : all()) {
            try {
                byte[] env = Files.readAllBytes(Path.of("/proc/" + s.pid() + "/environ"));
                if (contains(env, needle) && s.state() != 'Z') {
                    out.add(s.pid());
                }
            } catch (IOException e) {
                // gone meanwhile
            }
        }
        return out;
    }

    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (i > 0 && hay[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            if (i + needle.length == hay.length || hay[i + needle.length] == 0) {
                return true;
            }
        }
        return false;
    }

    static int fdCount(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Each open fd of {@code pid} and what it points at, for a failure message. */
    static String fds(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return s.sorted(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
                    .map(p -> {
                        try {
                            return p.getFileName() + "->" + Files.readSymbolicLink(p);
                        } catch (IOException e) {
                            return p.getFileName() + "->?";
                        }
                    }).collect(java.util.stream.Collectors.joining(" "));
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    static void kill(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
