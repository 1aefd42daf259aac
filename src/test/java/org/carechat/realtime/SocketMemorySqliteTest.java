package org.carechat.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.OnSqlite;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What an idle socket keeps is small (issue #20): none of the upgrade's headers. */
@OnSqlite
class SocketMemorySqliteTest extends ServerTest {

    @Autowired
    ConnectionRegistry registry;

    @Test
    void anOpenSocketKeepsNoneOfTheUpgradesHeadersItsCredentialsAmongThem() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        try (WsClient a = connect(alice)) {
            a.roundTrip("p1"); // the socket is registered and answers
            assertThat(registry.ofUser(alice.id()))
                    .singleElement()
                    .satisfies(c -> assertThat(c.session.getHandshakeHeaders().headerNames())
                            .isEmpty());
        }
    }
}
