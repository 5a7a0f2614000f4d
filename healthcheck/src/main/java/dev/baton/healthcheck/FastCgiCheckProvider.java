package dev.baton.healthcheck;

import dev.baton.core.config.ConfigException;
import dev.baton.core.config.Quote;
import dev.baton.core.health.CheckSettings;
import dev.baton.core.health.HealthCheckProvider;
import dev.baton.core.health.HealthCheckSpec;
import dev.baton.healthcheck.fastcgi.FastCgiSpec;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code fastcgi: {address: "unix:///run/php/app.sock", path: /ping, body: "^pong$"}}: sends one
 * FastCGI request (Responder role, GET {@code path}) over TCP or a unix socket, for example to
 * php-fpm's {@code ping.path}, and expects a status in range and a body that matches.
 */
public final class FastCgiCheckProvider implements HealthCheckProvider {

    @Override
    public String kind() {
        return "fastcgi";
    }

    @Override
    public HealthCheckSpec parse(CheckSettings settings) throws ConfigException {
        String text = settings.requireString("address", FastCgiSpec.ADDRESS_EXPECTED);
        var address = FastCgiSpec.address(text).orElseThrow(() -> settings.error("address",
                Quote.value(text) + " is not a FastCGI address", FastCgiSpec.ADDRESS_EXPECTED));
        String path = settings.string("path").orElse("/ping");
        if (!path.startsWith("/") || path.matches(".*\\s.*")) {
            throw settings.error("path", Quote.value(path) + " is not a request path",
                    "a path starting with /, e.g. /ping (php-fpm's ping.path)");
        }
        Optional<String> scriptFilename = settings.string("script_filename");
        Map<String, String> params = settings.stringMap("params",
                "a mapping of FastCGI parameter names to values, e.g. params: {HTTP_HOST: app.example.com}");
        for (String name : params.keySet()) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw settings.error("params", name, "is not a parameter name", "letters, digits and _");
            }
        }
        StatusRange status = StatusRange.SUCCESS;
        Optional<String> st = settings.string("status");
        if (st.isPresent()) {
            status = StatusRange.parse(st.get()).orElseThrow(() -> settings.error("status",
                    Quote.value(st.get()) + " is not a status range", StatusRange.EXPECTED));
        }
        Optional<String> body = settings.string("body");
        if (body.isPresent()) {
            try {
                Pattern.compile(BodyMatch.render(body.get(), 1));
            } catch (PatternSyntaxException e) {
                throw settings.error("body", Quote.value(body.get()) + " is not a valid regular expression ("
                        + e.getDescription() + ")", HttpCheckProvider.REGEX_EXPECTED);
            }
        }
        return new FastCgiSpec(address, path, scriptFilename, params, status.min(), status.max(), status.toString(),
                body, body.map(BodyMatch::usesChildPid).orElse(false));
    }
}
