package dev.baton.core.os.linux;

import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Ids read from files agree with libc's, and odd lines don't fool the parser. */
class IdFilesTest {
    static final String PASSWD = String.join("\n",
            "root:x:0:0:root:/root:/bin/bash",
            "+nis::::::",
            "-banned:x:7:7::/:/bin/false",
            "app:x:1001:1002:App,,,:/home/app:/bin/sh",
            "broken:x:notanumber:1",
            "big:x:99999999999:1::/:/bin/sh",
            "");

    @Test
    void aNameResolvesToItsUidAndAPrefixOrCompatLineDoesNot() {
        assertEquals(OptionalInt.of(1001), IdFiles.idOf(PASSWD, "app", 2));
        assertEquals(OptionalInt.of(0), IdFiles.idOf(PASSWD, "root", 2));
        assertEquals(OptionalInt.empty(), IdFiles.idOf(PASSWD, "ap", 2));
        assertEquals(OptionalInt.empty(), IdFiles.idOf(PASSWD, "-banned", 2));
        assertEquals(OptionalInt.empty(), IdFiles.idOf(PASSWD, "+nis", 2));
        assertEquals(OptionalInt.empty(), IdFiles.idOf(PASSWD, "broken", 2));
        assertEquals(OptionalInt.empty(), IdFiles.idOf(PASSWD, "big", 2));
        assertEquals(OptionalInt.of(1002), IdFiles.primaryGidOf(PASSWD, 1001));
        assertEquals(OptionalInt.empty(), IdFiles.primaryGidOf(PASSWD, 4242));
    }

    @Test
    void theEffectiveUidIsTheSecondFieldOfTheUidLine() {
        String status = "Name:\tjava\nUmask:\t0022\nUid:\t1000\t1001\t1000\t1001\nGid:\t5\t5\t5\t5\n";
        assertEquals(OptionalInt.of(1001), IdFiles.effectiveUid(status));
        assertEquals(OptionalInt.empty(), IdFiles.effectiveUid("Name:\tjava\n"));
    }

    @Test
    void theFilesAgreeWithLibcOnThisHost() {
        assertEquals(Native.LIBC.geteuid(), Users.effectiveUid());
        for (String line : IdFiles.read(IdFiles.PASSWD).split("\n")) {
            String[] parts = line.split(":");
            if (parts.length > 3 && !parts[0].startsWith("+") && !parts[0].startsWith("-")) {
                Pointer pw = Native.LIBC.getpwnam(parts[0]);
                assertEquals(OptionalInt.of(pw.getInt(16)), Users.uid(parts[0]), parts[0]);
            }
        }
        for (String line : IdFiles.read(IdFiles.GROUP).split("\n")) {
            String[] parts = line.split(":");
            if (parts.length > 2 && !parts[0].startsWith("+") && !parts[0].startsWith("-")) {
                Pointer gr = Native.LIBC.getgrnam(parts[0]);
                assertEquals(OptionalInt.of(gr.getInt(16)), Users.gid(parts[0]), parts[0]);
            }
        }
        assertEquals(OptionalInt.empty(), Users.uid("no-such-user-here"));
    }
}
