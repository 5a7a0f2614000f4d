package dev.baton.launcher.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Makes a copy of the launcher jar that reports another version: two "releases" of baton. */
final class Jars {
    static final String VERSION_ENTRY = "dev/baton/launcher/version.properties";

    private Jars() {
    }

    static void withVersion(Path jar, Path target, String version) throws IOException {
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(VERSION_ENTRY)) {
                    out.write(("version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
                } else if (!e.isDirectory()) {
                    try (InputStream data = in.getInputStream(e)) {
                        data.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
    }
}
