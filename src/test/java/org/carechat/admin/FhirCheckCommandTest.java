package org.carechat.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.carechat.fhir.EhrTokenServer;
import org.carechat.fhir.FhirTestServer;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.OnSqlite;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Value;

/**
 * {@code carechat fhir check}: the console's "Check connection" from the command line, run against the running
 * server's own database and keys, with a real FHIR server and a real token endpoint in-process: connected, not set
 * up, and an EHR whose token endpoint refuses, each with its words and exit code.
 */
@OnSqlite
@Timeout(180)
class FhirCheckCommandTest extends ServerTest {

    static EhrTokenServer tokenServer;
    static FhirTestServer fhir;

    @Value("${carechat.data-dir}")
    String dataDir;

    final StringWriter out = new StringWriter();

    @BeforeAll
    static void startEhr() {
        tokenServer = new EhrTokenServer();
        fhir = new FhirTestServer();
    }

    @AfterAll
    static void stopEhr() {
        fhir.close();
        tokenServer.close();
    }

    int fhirCheck(Organisation org) {
        out.getBuffer().setLength(0);
        return AdminCli.run(
                new String[] {
                    "fhir",
                    "check",
                    "--org=" + org.id(),
                    "--carechat.storage=sqlite",
                    "--carechat.data-dir=" + dataDir,
                    "--carechat.fhir.tick=0s"
                },
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
    }

    void connect(Organisation org, String tokenUrl) {
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", false);
        body.put("baseUrl", fhir.baseUrl());
        body.put("tokenUrl", tokenUrl);
        body.put("clientId", "carechat-backend");
        body.put("scopes", "system/Patient.read");
        body.put("syncIntervalSeconds", 300);
        assertThat(call(admin, "PUT", "/api/v1/orgs/current/fhir", body).status())
                .isEqualTo(200);
    }

    @Test
    void theCommandSaysConnectedWithTheFhirVersionOrWhichStepFailedWithItsExitCode() {
        Organisation connected = newOrg();
        connect(connected, tokenServer.tokenUrl());
        Organisation notSetUp = newOrg();
        Organisation refused = newOrg();
        connect(refused, tokenServer.tokenUrl().replace("/token", "/no-such-endpoint"));

        assertThat(fhirCheck(connected)).as(out.toString()).isEqualTo(AdminCli.OK);
        assertThat(out.toString()).contains("Connected: FHIR 4.0.1");
        assertThat(fhirCheck(notSetUp)).isEqualTo(AdminCli.CHECK_FAILED);
        assertThat(out.toString()).contains("Not connected: setup: set up the EHR connection first");
        assertThat(fhirCheck(refused)).isEqualTo(AdminCli.CHECK_FAILED);
        assertThat(out.toString()).contains("Not connected: token:");
    }
}
