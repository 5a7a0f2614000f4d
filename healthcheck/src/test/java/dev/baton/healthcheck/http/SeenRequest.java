package dev.baton.healthcheck.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** An HTTP request as a test server received it; header names are case-insensitive. */
record SeenRequest(String method, String target, Map<String, List<String>> headers) {

    SeenRequest {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> h.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        headers = h;
    }

    /** The one value of header {@code name}, or null. */
    String header(String name) {
        List<String> v = headers.get(name);
        if (v == null) {
            return null;
        }
        if (v.size() != 1) {
            throw new AssertionError(name + " sent " + v.size() + " times: " + v);
        }
        return v.get(0);
    }

    /** Parses a request head: request line, headers, blank line. */
    static SeenRequest parse(String head) {
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].equals("HTTP/1.1")) {
            throw new AssertionError("not an HTTP/1.1 request line: " + lines[0]);
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new AssertionError("not a header line: " + lines[i]);
            }
            headers.computeIfAbsent(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), x -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        return new SeenRequest(requestLine[0], requestLine[1], headers);
    }
}
