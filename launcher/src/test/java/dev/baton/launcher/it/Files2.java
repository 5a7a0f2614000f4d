package dev.baton.launcher.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

final class Files2 {
    private Files2() {
    }

    static void touch(Path p) {
        try {
            Files.writeString(p, "");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
