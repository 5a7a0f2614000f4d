package dev.baton.launcher;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code env:} values {@code baton check} hides. A value is shown as written unless it may
 * be a secret: it came from the environment ({@code ${VAR}} in the file: the file is readable, the
 * environment may not be), its name has a part that names a secret ({@code DB_PASSWORD},
 * {@code API_TOKEN}, {@code AWS_SECRET_ACCESS_KEY}), or it is a URL with a password in it.
 */
final class EnvMask {
    static final String MASK = "********";
    private static final Set<String> SECRET_PARTS = Set.of("PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "TOKEN",
            "KEY", "APIKEY", "CREDENTIAL", "CREDENTIALS", "AUTH", "PRIVATE", "COOKIE", "SESSION", "SIGNATURE", "SALT",
            "DSN");
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/@\\s]*:[^/@\\s]*@");

    private EnvMask() {
    }

    /**
     * @param raw the value as written in the file, or null if unknown (then it is masked)
     * @param value the value baton will set
     */
    static String show(String name, String raw, String value) {
        return hides(name, raw, value) ? MASK : value;
    }

    static boolean hides(String name, String raw, String value) {
        if (raw == null || raw.contains("${") || URL_WITH_PASSWORD.matcher(value).find()) {
            return true;
        }
        for (String part : name.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+")) {
            if (SECRET_PARTS.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
