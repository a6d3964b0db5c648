package dev.nat4j.core.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Lab namespace names, checked without root: the sweep must recognise exactly these. */
class LabNamespacesTest {
    @Test
    void labNamespaceNamesAreRecognised() {
        assertTrue(LabNamespaces.isLabNamespace("n4j-1234-1-inet"));
        assertTrue(LabNamespaces.isLabNamespace("n4j-99999999-12-xr0"));
        assertFalse(LabNamespaces.isLabNamespace("n4j-abc-1-inet"));
        assertFalse(LabNamespaces.isLabNamespace("n4j-1234-1-Inet"));
        assertFalse(LabNamespaces.isLabNamespace("mylab"));
    }
}
