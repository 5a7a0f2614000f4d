package dev.baton.healthcheck.http;

import dev.baton.core.spi.CheckConfigException;
import dev.baton.core.spi.CheckSettings;
import dev.baton.core.spi.CheckTarget;
import dev.baton.core.spi.HealthCheckProvider;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.Probe;
import dev.baton.core.spi.Quote;
import dev.baton.healthcheck.match.BodyMatch;
import dev.baton.healthcheck.match.StatusRange;
import dev.baton.healthcheck.net.CaTrust;
import okhttp3.Headers;
import okhttp3.HttpUrl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code http: {url: "http://127.0.0.1:8080/health"}}: healthy once a request answers with a status in
 * range, a body that matches {@code body} and the headers {@code expect_headers} asks for
 * ({@code {{child_pid}}} is the new child's pid in any of them). {@code socket:} sends it over a unix
 * socket instead of TCP; {@code ca:} trusts a private CA for https. Redirects are not followed; no proxy
 * is used. The HTTP client is only loaded when a check of this kind is created.
 */
public final class HttpCheckProvider implements HealthCheckProvider {
    static final String URL_EXPECTED = "an http:// or https:// URL, e.g. http://127.0.0.1:8080/health";
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

    @Override
    public String kind() {
        return "http";
    }

    @Override
    public HealthCheckSpec parse(CheckSettings settings) throws CheckConfigException {
        String url = settings.requireString("url", URL_EXPECTED);
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw settings.error("url", Quote.value(url) + " does not start with http:// or https://", URL_EXPECTED);
        }
        if (HttpUrl.parse(url) == null) {
            throw settings.error("url", Quote.value(url) + " is not a valid URL", URL_EXPECTED);
        }
        Optional<Path> socket = settings.path("socket", "the path of a unix socket, e.g. /run/app/http.sock");
        String method = settings.string("method").orElse("GET");
        if (!METHODS.contains(method)) {
            throw settings.error("method", Quote.value(method) + " is not a method baton sends", "one of "
                    + String.join(", ", METHODS));
        }
        Map<String, String> headers = settings.stringMap("headers", "a mapping of header names to values, "
                + "e.g. headers: {Authorization: \"Bearer ${TOKEN}\"}");
        Optional<String> host = settings.string("host");
        Headers.Builder check = new Headers.Builder();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            try {
                check.add(h.getKey(), BodyMatch.render(h.getValue(), 1));
            } catch (IllegalArgumentException e) {
                // OkHttp's message holds the value as it is, line breaks included: escape them
                String why = Quote.value(String.valueOf(e.getMessage()));
                throw settings.error("headers", h.getKey(), "is not a valid header (" + why.substring(1, why.length() - 1)
                        + ")", "a header name and a value without line breaks");
            }
            if (h.getKey().equalsIgnoreCase("host")) {
                throw settings.error("headers", h.getKey(), "sets the Host header", "`host:` for the Host header");
            }
        }
        if (host.isPresent() && (host.get().isBlank() || host.get().matches(".*[\\s/].*") || !validHeader(host.get()))) {
            throw settings.error("host", Quote.value(host.get()) + " is not a host name",
                    "a Host header value such as app.example.com or app.example.com:8080");
        }
        StatusRange status = StatusRange.read(settings);
        Optional<String> body = settings.string("body");
        if (body.isPresent()) {
            BodyMatch.validate(settings, "body", null, body.get());
        }
        Map<String, String> expectHeaders = settings.stringMap("expect_headers",
                "a mapping of header names to regular expressions, e.g. expect_headers: {X-Ready: \"^yes$\"}");
        for (Map.Entry<String, String> h : expectHeaders.entrySet()) {
            if (!h.getKey().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw settings.error("expect_headers", h.getKey(), "is not a header name", "a header name such as X-Ready");
            }
            BodyMatch.validate(settings, "expect_headers", h.getKey(), h.getValue());
        }
        Optional<Path> ca = settings.path("ca", "a PEM file of the CA certificates to trust");
        if (ca.isPresent()) {
            if (!url.startsWith("https://")) {
                throw settings.error("ca", "a CA file only applies to https:// URLs, and the url is " + Quote.value(url),
                        "an https:// url, or no `ca`");
            }
            try {
                CaTrust.load(ca.get());
            } catch (IOException e) {
                throw settings.error("ca", "cannot use " + e.getMessage(), "a readable PEM file of CA certificates");
            }
        }
        return new HttpSpec(url, socket, method, headers, host, status, body, expectHeaders, ca);
    }

    /** Whether OkHttp sends it as a header value: ASCII without control characters (it throws otherwise). */
    private static boolean validHeader(String value) {
        try {
            new Headers.Builder().add("Host", BodyMatch.render(value, 1));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The validated settings of one http check. */
    record HttpSpec(String url, Optional<Path> socket, String method, Map<String, String> headers,
            Optional<String> host, StatusRange status, Optional<String> body, Map<String, String> expectHeaders,
            Optional<Path> ca) implements HealthCheckSpec {
        @Override
        public String kind() {
            return "http";
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", url);
            socket.ifPresent(s -> m.put("socket", s.toString()));
            m.put("method", method);
            if (!headers.isEmpty()) {
                m.put("headers", headers);
            }
            host.ifPresent(h -> m.put("host", h));
            m.put("status", status.toString());
            body.ifPresent(b -> m.put("body", b));
            if (!expectHeaders.isEmpty()) {
                m.put("expect_headers", expectHeaders);
            }
            ca.ifPresent(c -> m.put("ca", c.toString()));
            return m;
        }

        /** Whether a pass needs an answer only the new child can give. */
        boolean provesIdentity() {
            return body.map(BodyMatch::usesChildPid).orElse(false)
                    || expectHeaders.values().stream().anyMatch(BodyMatch::usesChildPid);
        }

        @Override
        public List<CheckTarget> targets() {
            if (socket.isPresent()) {
                return List.of(CheckTarget.unix(socket.get(), provesIdentity()));
            }
            HttpUrl parsed = HttpUrl.parse(url);
            return parsed == null ? List.of() : List.of(CheckTarget.tcp(parsed.host(), parsed.port(), provesIdentity()));
        }

        @Override
        public Probe newProbe() {
            return new HttpProbe(this);
        }
    }
}
