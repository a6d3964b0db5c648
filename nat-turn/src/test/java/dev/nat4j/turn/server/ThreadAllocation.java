package dev.nat4j.turn.server;

import java.lang.reflect.Method;

/**
 * Bytes allocated by the current thread, from {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}
 * reached by reflection (the module does not read java.management); -1 where the JVM cannot say.
 */
final class ThreadAllocation {
    private static final Object BEAN;
    private static final Method CURRENT;
    private static final Method BY_ID;

    static {
        Object bean = null;
        Method current = null;
        Method byId = null;
        try {
            bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> sun = Class.forName("com.sun.management.ThreadMXBean");
            if (sun.isInstance(bean)) {
                current = sun.getMethod("getCurrentThreadAllocatedBytes");
                byId = sun.getMethod("getThreadAllocatedBytes", long.class);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            current = null;
            byId = null;
        }
        BEAN = bean;
        CURRENT = current;
        BY_ID = byId;
    }

    private ThreadAllocation() {}

    /** Bytes allocated so far by the live thread named {@code name}, or -1. */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is Java 19+
    static long bytesOf(String name) {
        if (BY_ID == null) {
            return -1;
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                try {
                    return (long) BY_ID.invoke(BEAN, t.getId());
                } catch (ReflectiveOperationException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    static long bytes() {
        if (CURRENT == null) {
            return -1;
        }
        try {
            return (long) CURRENT.invoke(BEAN);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }
}
