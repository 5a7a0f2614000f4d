package dev.baton.launcher;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvMaskTest {
    @Test
    void plainValuesWrittenInTheFileAreShown() {
        assertEquals("8080", EnvMask.show("PORT", "8080", "8080"));
        assertEquals("production", EnvMask.show("APP_ENV", "production", "production"));
        assertFalse(EnvMask.hides("MONKEY_COUNT", "3", "3"), "KEY only as a whole part of the name");
        assertFalse(EnvMask.hides("HOME_URL", "https://example.org/a", "https://example.org/a"));
    }

    @Test
    void valuesFromTheEnvironmentAreMasked() {
        assertTrue(EnvMask.hides("PORT", "${PORT}", "8080"));
        assertTrue(EnvMask.hides("GREETING", "hello ${USER}", "hello root"));
    }

    @Test
    void namesThatSaySecretAreMasked() {
        for (String name : new String[] {"DB_PASSWORD", "API_TOKEN", "AWS_SECRET_ACCESS_KEY", "session-cookie",
                "GITHUB_APIKEY", "private_key", "SENTRY_DSN"}) {
            assertTrue(EnvMask.hides(name, "x", "x"), name);
        }
    }

    @Test
    void urlsWithAPasswordAreMasked() {
        assertTrue(EnvMask.hides("DATABASE_URL", "postgres://app:hunter2@db/app", "postgres://app:hunter2@db/app"));
        assertFalse(EnvMask.hides("DATABASE_URL", "postgres://db/app", "postgres://db/app"));
    }

    @Test
    void anUnknownRawValueIsMasked() {
        assertEquals(EnvMask.MASK, EnvMask.show("PORT", null, "8080"));
    }
}
