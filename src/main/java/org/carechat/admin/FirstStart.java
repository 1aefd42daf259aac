package org.carechat.admin;

import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.system.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * On the very first start (no organisation yet) creates one organisation and its admin, and prints the admin's
 * one-time sign-in: the password works once, to choose a new one. Every start then logs the release and the address
 * to open ({@code carechat.public-url}, by default the real scheme, host and port: {@code TlsSettings}).
 */
@Component
@Profile("!cli")
class FirstStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

    private final OrgService orgs;
    private final org.carechat.identity.UserService users;
    private final Transactions transactions;
    private final CareChatProperties properties;
    private final String organisationName;

    FirstStart(
            OrgService orgs,
            org.carechat.identity.UserService users,
            Transactions transactions,
            CareChatProperties properties,
            @Value("${carechat.first-start.organisation:My Practice}") String organisationName) {
        this.orgs = orgs;
        this.users = users;
        this.transactions = transactions;
        this.properties = properties;
        this.organisationName = organisationName;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (orgs.isEmpty()) {
            String password = OneTimePassword.generate();
            Organisation org = transactions.write(() -> {
                Organisation created = orgs.create(organisationName, null, null);
                users.createByOperator(
                        created.id(), new NewUser("admin", "Administrator", Role.ADMIN, password, true), true);
                return created;
            });
            log.warn("""

                    ============================================================
                     CareChat {} first start: organisation "{}" created.
                     Sign in at {} with
                       username: admin
                       one-time password: {}
                     You will be asked to choose your own password.
                    ============================================================""", Version.current(), org.name(), properties.publicUrl(), password);
        }
        log.info(
                "CareChat {} is ready at {} (storage: {})",
                Version.current(),
                properties.publicUrl(),
                properties.storage().name().toLowerCase(java.util.Locale.ROOT));
    }
}
