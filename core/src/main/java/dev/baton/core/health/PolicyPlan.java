package dev.baton.core.health;

import dev.baton.core.spi.CheckTarget;
import dev.baton.core.spi.HealthCheckSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A provider's check under baton's policy: what {@code healthcheck:} configures. */
public record PolicyPlan(HealthCheckSpec spec, CheckPolicy policy) implements CheckPlan {

    @Override
    public String kind() {
        return spec.kind();
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(spec.describe());
        m.putAll(policy.describe());
        return m;
    }

    @Override
    public List<CheckTarget> targets() {
        return spec.targets();
    }

    @Override
    public HealthCheck newCheck() {
        return new PolledCheck(spec.kind(), spec.newProbe(), policy);
    }
}
