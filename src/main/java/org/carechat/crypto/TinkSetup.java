package org.carechat.crypto;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.mac.MacConfig;
import java.security.GeneralSecurityException;

/** Registers the Tink primitives CareChat uses (AEAD for keys and bodies, MAC for the audit chain), once. */
final class TinkSetup {

    static {
        try {
            AeadConfig.register();
            MacConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TinkSetup() {}

    /** Touching this class runs the registration. */
    static void ensureRegistered() {
        // the static initialiser did the work
    }
}
