package dev.baton.healthcheck.fastcgi;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.CheckTarget;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.Probe;
import dev.baton.healthcheck.match.BodyMatch;
import dev.baton.healthcheck.match.StatusRange;
import dev.baton.healthcheck.net.UnixSocketErrors;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** A validated fastcgi check. */
public record FastCgiSpec(FastCgiAddress address, String path, Optional<String> scriptFilename,
        Map<String, String> params, StatusRange status, Optional<String> body) implements HealthCheckSpec {

    @Override
    public String kind() {
        return "fastcgi";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", address.toString());
        m.put("path", path);
        scriptFilename.ifPresent(s -> m.put("script_filename", s));
        if (!params.isEmpty()) {
            m.put("params", params);
        }
        m.put("status", status.toString());
        body.ifPresent(b -> m.put("body", b));
        return m;
    }

    @Override
    public List<CheckTarget> targets() {
        boolean provesIdentity = body.map(BodyMatch::usesChildPid).orElse(false);
        return List.of(address.unix().isPresent() ? CheckTarget.unix(address.unix().get(), provesIdentity)
                : CheckTarget.tcp(address.host(), address.port(), provesIdentity));
    }

    /** The CGI parameters of the request: a GET of {@code path} with an empty body. */
    Map<String, String> requestParams() {
        String uri = path;
        int q = uri.indexOf('?');
        String script = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q + 1);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("GATEWAY_INTERFACE", "CGI/1.1");
        p.put("SERVER_SOFTWARE", "baton-healthcheck");
        p.put("SERVER_PROTOCOL", "HTTP/1.1");
        p.put("REQUEST_METHOD", "GET");
        p.put("REQUEST_URI", uri);
        p.put("DOCUMENT_URI", script);
        p.put("SCRIPT_NAME", script);
        p.put("SCRIPT_FILENAME", scriptFilename.orElse(script));
        p.put("QUERY_STRING", query);
        p.put("CONTENT_LENGTH", "0");
        p.put("CONTENT_TYPE", "");
        p.put("REMOTE_ADDR", "127.0.0.1");
        p.put("REMOTE_PORT", "0");
        p.put("SERVER_ADDR", "127.0.0.1");
        p.put("SERVER_PORT", "80");
        p.put("SERVER_NAME", "localhost");
        p.put("HTTP_USER_AGENT", "baton-healthcheck");
        p.putAll(params);
        return p;
    }

    @Override
    public Probe newProbe() {
        return new Probe() {
            private Optional<Pattern> bodyPattern;

            @Override
            public Attempt attempt(CheckContext context, Duration timeout) throws InterruptedException {
                if (bodyPattern == null) {
                    bodyPattern = body.map(b -> BodyMatch.compile(b, context.childPid()));
                }
                return FastCgiSpec.this.attempt(timeout, bodyPattern);
            }
        };
    }

    Attempt attempt(Duration timeout, Optional<Pattern> bodyPattern) throws InterruptedException {
        String where = address + " " + path;
        FastCgiResponse response = new FastCgiResponse();
        FastCgiResponse.Result r;
        try {
            r = FastCgiClient.exchange(address, requestParams(), timeout, response);
        } catch (FastCgiClient.TimeoutException e) {
            return Attempt.fail("no answer from " + where + " within " + timeout.toMillis() + "ms (" + e.getMessage() + ")");
        } catch (InterruptedIOException e) {
            throw new InterruptedException();
        } catch (ConnectException e) {
            return Attempt.fail(unreachable(e));
        } catch (IOException e) {
            return Attempt.fail(unreachable(e));
        } catch (FastCgiResponse.ProtocolException e) {
            String err = response.stderrLine();
            return Attempt.fail(e.getMessage() + " from " + where + (err.isEmpty() ? "" : " (stderr: " + err + ")"));
        }
        if (!status.contains(r.status())) {
            String err = response.stderrLine();
            return Attempt.fail(r.status() + " from " + where + (err.isEmpty() ? "" : " (stderr: " + err + ")"));
        }
        if (bodyPattern.isPresent() && !bodyPattern.get().matcher(r.body()).find()) {
            return Attempt.fail("body from " + where + " does not match /" + bodyPattern.get().pattern() + "/");
        }
        return Attempt.PASS;
    }

    private String unreachable(IOException e) {
        if (address.unix().isPresent()) {
            return UnixSocketErrors.reason(address.unix().get(), e.getMessage());
        }
        if (e instanceof ConnectException) {
            return "connection refused by " + address;
        }
        return e.getMessage() + " (" + address + ")";
    }
}
