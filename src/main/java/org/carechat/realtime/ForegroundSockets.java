package org.carechat.realtime;

import org.springframework.stereotype.Component;

/**
 * Whether a user has the app in front of them on this node: an open socket whose page is shown (the
 * {@code visibility} frame). Web Push asks it before pushing a new message; in cluster mode a socket on another node
 * is not seen, so such a user may get a push as well as the live message, never neither (docs/delivery.md).
 */
@Component
public class ForegroundSockets {

    private final ConnectionRegistry registry;

    ForegroundSockets(ConnectionRegistry registry) {
        this.registry = registry;
    }

    /** True when any of the user's sockets on this node is open and in the foreground. */
    public boolean inForeground(String userId) {
        return registry.ofUser(userId).stream().anyMatch(c -> c.foreground && c.session.isOpen());
    }
}
