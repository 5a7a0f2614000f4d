package dev.baton.healthcheck;

import dev.baton.core.health.Attempt;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One OkHttp client per check run. No pooled connections: each attempt opens a fresh one, so
 * an answer can't come over a connection to another generation's child.
 */
final class HttpProbe implements AutoCloseable {
    private static final long MAX_BODY = 64 * 1024;
    private final OkHttpClient client;
    private final Request request;
    private final String url;
    private final StatusRange status;
    private final java.util.Optional<java.util.regex.Pattern> body;

    HttpProbe(String url, StatusRange status, java.util.Optional<java.util.regex.Pattern> body, Duration timeout) {
        this.url = url;
        this.status = status;
        this.body = body;
        this.client = new OkHttpClient.Builder()
                .callTimeout(timeout)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .proxy(Proxy.NO_PROXY)
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .build();
        this.request = new Request.Builder().url(url).header("Connection", "close")
                .header("User-Agent", "baton-healthcheck").build();
    }

    Attempt attempt(Duration timeout) throws InterruptedException {
        Call call = client.newCall(request);
        try (Response response = call.execute()) {
            int code = response.code();
            if (!status.contains(code)) {
                return Attempt.fail(code + " from " + url + " (expected " + status + ")");
            }
            if (body.isPresent()) {
                String text = response.peekBody(MAX_BODY).string();
                if (!body.get().matcher(text).find()) {
                    return Attempt.fail("body from " + url + " does not match /" + body.get().pattern() + "/");
                }
            }
            return Attempt.PASS;
        } catch (ConnectException e) {
            return Attempt.fail("connection refused by " + url);
        } catch (SocketTimeoutException e) {
            return Attempt.fail("no answer from " + url + " within " + timeout.toMillis() + "ms");
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            return Attempt.fail("no answer from " + url + " within " + timeout.toMillis() + "ms");
        } catch (UnknownHostException e) {
            return Attempt.fail("unknown host in " + url);
        } catch (IOException e) {
            return Attempt.fail(e.getClass().getSimpleName() + " from " + url + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
