package org.carechat.audit;

/**
 * The keyed seal of the audit chain (implemented by the crypto feature with the installation's audit key). Only a
 * holder of the key can make a seal that {@link #verify} accepts.
 */
public interface AuditSeal {

    byte[] seal(byte[] data);

    boolean verify(byte[] seal, byte[] data);
}
