package dev.nat4j.core.lab;

/** The lab could not be built, changed or torn down; the message carries the failing command and its output. */
public final class LabException extends RuntimeException {
    /** Creates the exception with a message. */
    public LabException(String message) {
        super(message);
    }

    /** Creates the exception with a message and its cause. */
    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
