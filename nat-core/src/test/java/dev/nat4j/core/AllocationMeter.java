package dev.nat4j.core;

import java.lang.reflect.Method;

/**
 * Bytes allocated by the current thread, read through {@code com.sun.management.ThreadMXBean} by reflection (the test
 * sources compile inside the module, which does not read java.management). Returns -1 where unsupported, and callers
 * then skip their allocation check.
 */
public final class AllocationMeter {
    private static final Object BEAN;
    private static final Method ALLOCATED;

    static {
        Object bean = null;
        Method allocated = null;
        try {
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            bean = factory.getMethod("getThreadMXBean").invoke(null);
            Class<?> sunBean = Class.forName("com.sun.management.ThreadMXBean");
            if (sunBean.isInstance(bean)) {
                allocated = sunBean.getMethod("getThreadAllocatedBytes", long.class);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            allocated = null;
        }
        BEAN = bean;
        ALLOCATED = allocated;
    }

    private AllocationMeter() {}

    /** Bytes the current thread has allocated so far, or -1 when the JVM cannot say. */
    public static long allocatedBytes() {
        return allocatedBytes(Thread.currentThread());
    }

    /** Bytes {@code thread} has allocated so far, or -1 when the JVM cannot say. */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is Java 19+
    public static long allocatedBytes(Thread thread) {
        if (ALLOCATED == null) {
            return -1;
        }
        try {
            return (long) ALLOCATED.invoke(BEAN, thread.getId());
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }
}
