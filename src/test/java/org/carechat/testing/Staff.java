package org.carechat.testing;

import org.carechat.identity.User;

/** A test user and the bearer token their test client calls with. */
public record Staff(User user, String token) {

    public String id() {
        return user.id();
    }

    public String name() {
        return user.displayName();
    }
}
