package dev.baton.core.config;

import dev.baton.core.spi.Quote;

import java.util.OptionalInt;

/** A uid or gid as the config writes it: a number, taken as it is, or a name looked up. */
final class Ids {
    /** uids from 2^31 up are legal to the kernel but unsafe with much software (systemd refuses them too). */
    static final int MAX = Integer.MAX_VALUE;

    enum Kind {
        USER("user", "uid"),
        GROUP("group", "gid");

        final String noun;
        final String id;

        Kind(String noun, String id) {
            this.noun = noun;
            this.id = id;
        }

        String expected() {
            return "an existing " + noun + " name or a " + id;
        }
    }

    private Ids() {
    }

    /**
     * The id that {@code text} (the value of {@code node}) names.
     *
     * @throws ConfigException for a number out of range or a name that isn't known
     */
    static int resolve(ConfigNode node, String text, Kind kind, SystemLookup system) throws ConfigException {
        if (isNumber(text)) {
            if (text.length() > 10 || Long.parseLong(text) > MAX) {
                throw node.error(Quote.value(text) + " is out of range for a " + kind.id + " (0 to " + MAX + ")",
                        kind.expected());
            }
            return Integer.parseInt(text);
        }
        OptionalInt id = kind == Kind.USER ? system.uid(text) : system.gid(text);
        if (id.isEmpty()) {
            throw node.error("no " + kind.noun + " named " + Quote.value(text), kind.expected());
        }
        return id.getAsInt();
    }

    private static boolean isNumber(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
