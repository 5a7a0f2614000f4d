package dev.baton.core.health;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.CheckFailedException;
import dev.baton.core.spi.CheckTarget;
import dev.baton.core.spi.ChildLaunch;
import dev.baton.core.spi.Durations;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.Probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code all: [...]}: one attempt asks every member in order and passes only if each passes
 * ("notify AND http"). Each member keeps its own {@code timeout}; the policy is the composite's.
 */
public record AllSpec(List<Member> members) implements HealthCheckSpec {

    /** One member check and its per-attempt timeout. */
    public record Member(HealthCheckSpec spec, Duration timeout) {
    }

    public AllSpec {
        members = List.copyOf(members);
    }

    @Override
    public String kind() {
        return "all";
    }

    @Override
    public Map<String, Object> describe() {
        List<Object> list = new ArrayList<>();
        for (Member m : members) {
            Map<String, Object> settings = new LinkedHashMap<>(m.spec().describe());
            settings.put("timeout", Durations.format(m.timeout()));
            list.add(Map.of(m.spec().kind(), settings));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("checks", list);
        return out;
    }

    @Override
    public List<CheckTarget> targets() {
        List<CheckTarget> out = new ArrayList<>();
        for (Member m : members) {
            out.addAll(m.spec().targets());
        }
        return out;
    }

    @Override
    public Probe newProbe() {
        List<Probe> probes = new ArrayList<>();
        for (Member m : members) {
            probes.add(m.spec().newProbe());
        }
        return new AllProbe(members, probes);
    }

    private static final class AllProbe implements Probe {
        private final List<Member> members;
        private final List<Probe> probes;
        private int blocking;

        AllProbe(List<Member> members, List<Probe> probes) {
            this.members = members;
            this.probes = probes;
        }

        @Override
        public void prepare(ChildLaunch launch) {
            for (Probe p : probes) {
                p.prepare(launch);
            }
        }

        @Override
        public void started(long childPid) {
            for (Probe p : probes) {
                p.started(childPid);
            }
        }

        @Override
        public Attempt attempt(CheckContext context, Duration timeout) throws InterruptedException,
                CheckFailedException {
            for (int i = 0; i < probes.size(); i++) {
                String kind = members.get(i).spec().kind();
                Attempt r;
                try {
                    r = probes.get(i).attempt(context, members.get(i).timeout());
                } catch (CheckFailedException e) {
                    throw new CheckFailedException(kind + ": " + e.getMessage());
                }
                if (r instanceof Attempt.Fail f) {
                    blocking = i;
                    return Attempt.fail(kind + ": " + f.reason());
                }
                if (r instanceof Attempt.Waiting w) {
                    blocking = i;
                    return Attempt.waiting(kind + ": " + w.what());
                }
            }
            return Attempt.PASS;
        }

        @Override
        public void pause(Duration interval) throws InterruptedException {
            probes.get(blocking).pause(interval);
        }

        @Override
        public void close() {
            RuntimeException first = null;
            for (Probe p : probes) {
                try {
                    p.close();
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
