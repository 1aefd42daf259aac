package org.carechat.identity;

import java.util.Optional;

/**
 * A rule that can close password sign-in for an account whose password was right — single sign-on's "staff who sign
 * in through the organisation's identity provider may not use a password". Implemented outside the password path so
 * that sign-in does not depend on the features that set such rules.
 */
public interface PasswordSignInGate {

    /** Empty when {@code user} may sign in with a password; else the refusal to show, which a person can act on. */
    Optional<String> refusal(User user);
}
