package dev.baton.healthcheck.http;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.CheckFailedException;
import dev.baton.core.spi.Probe;
import dev.baton.healthcheck.match.BodyMatch;
import dev.baton.healthcheck.net.CaTrust;
import dev.baton.healthcheck.net.UnixSocketErrors;
import dev.baton.healthcheck.net.UnixSocketFactory;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One generation's http check: one OkHttp client, built at the first attempt (when the child's pid is
 * known). No pooled connections: each attempt opens a fresh one, so an answer can't come over a
 * connection to another generation's child.
 */
final class HttpProbe implements Probe {
    private static final long MAX_BODY = 64 * 1024;
    private final HttpCheckProvider.HttpSpec spec;
    private final String shownUrl;
    private OkHttpClient client;
    private Request request;
    private Optional<Pattern> body;
    private Map<String, Pattern> expectHeaders;

    HttpProbe(HttpCheckProvider.HttpSpec spec) {
        this.spec = spec;
        this.shownUrl = spec.url() + spec.socket().map(s -> " via " + s).orElse("");
    }

    private void build(CheckContext ctx, Duration timeout) throws CheckFailedException {
        long pid = ctx.childPid();
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .callTimeout(timeout)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .proxy(Proxy.NO_PROXY)
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS));
        if (spec.socket().isPresent()) {
            b.socketFactory(new UnixSocketFactory(spec.socket().get()));
            // no name lookup: the socket path is the address
            b.dns(host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})));
        } else {
            b.dns(Dns.SYSTEM);
        }
        if (spec.ca().isPresent()) {
            try {
                CaTrust trust = CaTrust.load(spec.ca().get());
                b.sslSocketFactory(trust.context().getSocketFactory(), trust.trustManager());
            } catch (IOException e) {
                throw new CheckFailedException("cannot use the CA file " + e.getMessage());
            }
        }
        client = b.build();
        Request.Builder r = new Request.Builder().url(spec.url())
                .header("Connection", "close")
                .header("User-Agent", "baton-healthcheck");
        for (Map.Entry<String, String> h : spec.headers().entrySet()) {
            r.addHeader(h.getKey(), BodyMatch.render(h.getValue(), pid));
        }
        spec.host().ifPresent(h -> r.header("Host", BodyMatch.render(h, pid)));
        boolean needsBody = spec.method().equals("POST") || spec.method().equals("PUT") || spec.method().equals("PATCH");
        r.method(spec.method(), needsBody ? RequestBody.create(new byte[0]) : null);
        request = r.build();
        body = spec.body().map(x -> BodyMatch.compile(x, pid));
        expectHeaders = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : spec.expectHeaders().entrySet()) {
            expectHeaders.put(h.getKey(), BodyMatch.compile(h.getValue(), pid));
        }
    }

    @Override
    public Attempt attempt(CheckContext ctx, Duration timeout) throws InterruptedException, CheckFailedException {
        if (client == null) {
            build(ctx, timeout);
        }
        Call call = client.newCall(request);
        try (Response response = call.execute()) {
            int code = response.code();
            if (!spec.status().contains(code)) {
                return Attempt.fail(code + " from " + shownUrl);
            }
            for (Map.Entry<String, Pattern> h : expectHeaders.entrySet()) {
                String value = response.header(h.getKey());
                if (value == null) {
                    return Attempt.fail("no " + h.getKey() + " header from " + shownUrl);
                }
                if (!h.getValue().matcher(value).find()) {
                    return Attempt.fail(h.getKey() + " header from " + shownUrl + " does not match /"
                            + h.getValue().pattern() + "/");
                }
            }
            if (body.isPresent()) {
                String text = response.peekBody(MAX_BODY).string();
                if (!body.get().matcher(text).find()) {
                    return Attempt.fail("body from " + shownUrl + " does not match /" + body.get().pattern() + "/");
                }
            }
            return Attempt.PASS;
        } catch (ConnectException e) {
            return Attempt.fail(spec.socket().isPresent() ? describe(e) : "connection refused by " + shownUrl);
        } catch (SocketTimeoutException e) {
            return Attempt.fail("no answer from " + shownUrl + " within " + timeout.toMillis() + "ms");
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            return Attempt.fail("no answer from " + shownUrl + " within " + timeout.toMillis() + "ms");
        } catch (UnknownHostException e) {
            return Attempt.fail("unknown host in " + spec.url());
        } catch (SSLHandshakeException e) {
            return Attempt.fail("TLS handshake with " + shownUrl + " failed: " + rootMessage(e));
        } catch (SSLException e) {
            return Attempt.fail("TLS error with " + shownUrl + ": " + rootMessage(e));
        } catch (IOException e) {
            return Attempt.fail(describe(e));
        }
    }

    /** jnr reports a missing or refusing unix socket with the errno text. */
    private String describe(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (spec.socket().isPresent()) {
            return UnixSocketErrors.reason(spec.socket().get(), m);
        }
        return m + " (" + shownUrl + ")";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        if (client != null) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }
}
