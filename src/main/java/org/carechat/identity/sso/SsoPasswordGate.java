package org.carechat.identity.sso;

import java.util.Optional;
import org.carechat.identity.PasswordSignInGate;
import org.carechat.identity.User;
import org.springframework.stereotype.Component;

/** Closes password sign-in for accounts linked to their organisation's provider, where the organisation says so. */
@Component
class SsoPasswordGate implements PasswordSignInGate {

    private final SsoRepository repository;

    SsoPasswordGate(SsoRepository repository) {
        this.repository = repository;
    }

    @Override
    public Optional<String> refusal(User user) {
        boolean off = repository
                .find(user.orgId())
                .map(s -> s.provider().enabled() && s.provider().passwordSignInOff())
                .orElse(false);
        if (off && repository.isLinked(user.id())) {
            return Optional.of("Your organisation signs you in through its identity provider: use the "
                    + "\"Sign in with\" button instead of a password");
        }
        return Optional.empty();
    }
}
