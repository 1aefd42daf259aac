package org.carechat.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.storage.Transactions;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.springframework.stereotype.Service;

/**
 * "Check connection": asks the token endpoint for a Backend Services token and the FHIR server for its capability
 * statement with it, and tells the admin what answered. Runs on the admin's request, outside any transaction, within
 * the EHR call timeout; the outcome is audited and recorded as the integration's state.
 */
@Service
public class ConnectionCheck {

    private final FhirConnectionRepository connections;
    private final FhirClients clients;
    private final SyncStates states;
    private final RolePolicy roles;
    private final Transactions transactions;
    private final AuditLog audit;

    ConnectionCheck(
            FhirConnectionRepository connections,
            FhirClients clients,
            SyncStates states,
            RolePolicy roles,
            Transactions transactions,
            AuditLog audit) {
        this.connections = connections;
        this.clients = clients;
        this.states = states;
        this.roles = roles;
        this.transactions = transactions;
        this.audit = audit;
    }

    /**
     * What the check found: {@code ok}, and either the server's FHIR version and software, or the error.
     *
     * @param error the step that failed and how, in words an admin can act on
     */
    public record Outcome(boolean ok, String fhirVersion, String software, String error) {}

    /**
     * Checks the admin's organisation's connection; one not set up yet is a failed check that says so.
     *
     * @throws org.carechat.web.ApiProblem 403 for a non-admin (audited)
     */
    public Outcome check(CurrentUser admin) {
        roles.requireAdmin(admin, AuditType.FHIR_CONNECTION_CHECKED, "Only an organisation admin can check the EHR");
        FhirConnection connection = connections
                .find(admin.orgId())
                .map(FhirConnectionRepository.Stored::connection)
                .orElse(null);
        Outcome outcome = connection == null
                ? new Outcome(false, null, null, "setup: set up the EHR connection first, then check it")
                : attempt(admin.orgId());
        if (connection != null && outcome.ok()) {
            states.succeeded(admin.orgId(), 0);
        } else if (connection != null) {
            states.failed(admin.orgId(), connection.syncIntervalSeconds(), outcome.error());
        }
        transactions.run(() ->
                audit.record(admin.audit(AuditType.FHIR_CONNECTION_CHECKED).detail("ok", outcome.ok())));
        return outcome;
    }

    private Outcome attempt(String orgId) {
        String step = "token";
        try {
            IGenericClient client = clients.forOrg(orgId).orElseThrow();
            step = "metadata";
            CapabilityStatement statement =
                    client.capabilities().ofType(CapabilityStatement.class).execute();
            return new Outcome(
                    true,
                    statement.hasFhirVersion() ? statement.getFhirVersion().toCode() : null,
                    statement.hasSoftware()
                            ? (statement.getSoftware().getName() + " "
                                            + statement.getSoftware().getVersion())
                                    .strip()
                            : null,
                    null);
        } catch (RuntimeException e) {
            return new Outcome(false, null, null, EhrFailures.describe(step, e).getMessage());
        }
    }
}
