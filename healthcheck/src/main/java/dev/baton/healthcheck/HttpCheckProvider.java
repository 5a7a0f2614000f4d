package dev.baton.healthcheck;

import dev.baton.core.config.ConfigException;
import dev.baton.core.config.Quote;
import dev.baton.core.health.CheckContext;
import dev.baton.core.health.CheckTarget;
import dev.baton.core.health.CheckSettings;
import dev.baton.core.health.HealthCheck;
import dev.baton.core.health.HealthCheckProvider;
import dev.baton.core.health.HealthCheckSpec;
import dev.baton.core.health.PollSettings;
import dev.baton.core.health.Poller;
import okhttp3.HttpUrl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code http: {url: "http://127.0.0.1:8080/health", status: 2xx, body: "pid={{child_pid}}"}}: healthy
 * once a GET answers with a status in the range and, if {@code body} is set, a body that regex matches
 * ({@code {{child_pid}}} is the new child's pid). Redirects are not followed; no proxy is used. The HTTP client is
 * only loaded when a check of this kind is created.
 */
public final class HttpCheckProvider implements HealthCheckProvider {

    @Override
    public String kind() {
        return "http";
    }

    @Override
    public HealthCheckSpec parse(CheckSettings settings) throws ConfigException {
        String expected = "an http:// or https:// URL, e.g. http://127.0.0.1:8080/health";
        String url = settings.requireString("url", expected);
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw settings.error("url", Quote.value(url) + " does not start with http:// or https://", expected);
        }
        if (okhttp3.HttpUrl.parse(url) == null) {
            throw settings.error("url", Quote.value(url) + " is not a valid URL", expected);
        }
        StatusRange status = StatusRange.SUCCESS;
        var text = settings.string("status");
        if (text.isPresent()) {
            status = StatusRange.parse(text.get()).orElseThrow(() -> settings.error("status",
                    Quote.value(text.get()) + " is not a status range", StatusRange.EXPECTED));
        }
        Optional<String> body = settings.string("body");
        if (body.isPresent()) {
            try {
                Pattern.compile(BodyMatch.render(body.get(), 1));
            } catch (PatternSyntaxException e) {
                throw settings.error("body", Quote.value(body.get()) + " is not a valid regular expression ("
                        + e.getDescription() + ")", "a regular expression such as \"pid={{child_pid}}\"");
            }
        }
        return new Spec(url, status, body, PollSettings.read(settings));
    }

    record Spec(String url, StatusRange status, Optional<String> body, PollSettings poll) implements HealthCheckSpec {
        @Override
        public String kind() {
            return "http";
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", url);
            m.put("status", status.toString());
            body.ifPresent(b -> m.put("body", b));
            m.putAll(poll.describe());
            return m;
        }

        @Override
        public List<CheckTarget> targets() {
            HttpUrl parsed = HttpUrl.parse(url);
            boolean proves = body.map(BodyMatch::usesChildPid).orElse(false);
            return parsed == null ? List.of() : List.of(new CheckTarget(parsed.host(), parsed.port(), proves));
        }

        @Override
        public HealthCheck newCheck() {
            return new HealthCheck() {
                private HttpProbe probe;

                @Override
                public void await(CheckContext context) throws InterruptedException {
                    probe = new HttpProbe(url, status, body.map(b -> BodyMatch.compile(b, context.childPid())),
                            poll.timeout());
                    Poller.run(context, "http", poll, probe::attempt);
                }

                @Override
                public void close() {
                    if (probe != null) {
                        probe.close();
                    }
                }
            };
        }
    }
}
