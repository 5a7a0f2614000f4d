package dev.baton.healthcheck.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a test HTTP server answers: status, extra headers and body. */
record Reply(int status, Map<String, String> headers, String body) {
    static final Reply OK = new Reply(200, Map.of(), "ok");

    static Reply of(int status, String body) {
        return new Reply(status, Map.of(), body);
    }

    Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, h, body);
    }
}
