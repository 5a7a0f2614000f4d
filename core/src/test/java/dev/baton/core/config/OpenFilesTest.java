package dev.baton.core.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading the soft open-files limit from /proc/self/limits, without a native call. */
class OpenFilesTest {
    private static final String HEADER =
            "Limit                     Soft Limit           Hard Limit           Units     \n"
                    + "Max cpu time              unlimited            unlimited            seconds   \n";

    @Test
    void theSoftLimitIsTheFirstColumn() {
        assertEquals(OptionalLong.of(1024), OpenFiles.softLimit(HEADER
                + "Max open files            1024                 524288               files     \n"
                + "Max locked memory         8388608              8388608              bytes     \n"));
    }

    @Test
    void unlimitedOrMissingMeansNoCheck() {
        assertEquals(OptionalLong.empty(), OpenFiles.softLimit(HEADER
                + "Max open files            unlimited            unlimited            files     \n"));
        assertEquals(OptionalLong.empty(), OpenFiles.softLimit(HEADER));
        assertEquals(OptionalLong.empty(), OpenFiles.softLimit(""));
    }

    @Test
    void thisProcessesLimitIsWhatTheShellSees() throws IOException, InterruptedException {
        Process sh = new ProcessBuilder("/bin/sh", "-c", "ulimit -S -n").redirectErrorStream(true).start();
        String shown = new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertEquals(0, sh.waitFor());
        OptionalLong expected = shown.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(shown));
        assertEquals(expected, OpenFiles.softLimit());
    }
}
