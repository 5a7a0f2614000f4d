package dev.baton.healthcheck.fastcgi;

import dev.baton.core.spi.CheckConfigException;
import dev.baton.core.spi.CheckSettings;
import dev.baton.core.spi.HealthCheckProvider;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.Quote;
import dev.baton.healthcheck.match.BodyMatch;
import dev.baton.healthcheck.match.StatusRange;

import java.util.Map;
import java.util.Optional;

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
    public HealthCheckSpec parse(CheckSettings settings) throws CheckConfigException {
        String text = settings.requireString("address", FastCgiAddress.EXPECTED);
        FastCgiAddress address = FastCgiAddress.parse(text).orElseThrow(() -> settings.error("address",
                Quote.value(text) + " is not a FastCGI address", FastCgiAddress.EXPECTED));
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
        StatusRange status = StatusRange.read(settings);
        Optional<String> body = settings.string("body");
        if (body.isPresent()) {
            BodyMatch.validate(settings, "body", null, body.get());
        }
        return new FastCgiSpec(address, path, scriptFilename, params, status, body);
    }
}
