package dev.baton.core.os.linux;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Loads libc once and offers the small memory helpers the bindings need. */
final class Native {
    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private Native() {
    }

    static int lastErrno() {
        return RUNTIME.getLastError();
    }

    static String strerror(int errno) {
        String s = LIBC.strerror(errno);
        return s == null ? "errno " + errno : s;
    }

    static Pointer allocate(int size) {
        return Memory.allocateDirect(RUNTIME, size, true);
    }

    static Pointer cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        Pointer p = Memory.allocateDirect(RUNTIME, bytes.length + 1, true);
        p.put(0, bytes, 0, bytes.length);
        return p;
    }

    /**
     * A NULL-terminated char* array. The strings are kept reachable through {@code keep} so the
     * GC can't free them before the native call returns.
     */
    static Pointer cStringArray(List<String> values, List<Pointer> keep) {
        int word = RUNTIME.addressSize();
        Pointer array = Memory.allocateDirect(RUNTIME, (values.size() + 1) * word, true);
        for (int i = 0; i < values.size(); i++) {
            Pointer s = cString(values.get(i));
            keep.add(s);
            array.putPointer((long) i * word, s);
        }
        keep.add(array);
        return array;
    }
}
