package org.carechat.admin;

import org.carechat.fhir.ConnectionCheck;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fhir check}: the console's "Check connection" from the command line — a Backend Services token from the EHR's
 * authorisation server, then the FHIR server's capability statement — for an operator setting up or diagnosing the
 * link. Audited like the console's check, with the actor {@code operator} from {@code cli}; recorded as the
 * integration's state.
 */
@Command(name = "fhir", mixinStandardHelpOptions = true, description = "Checks an organisation's link to its EHR.")
final class FhirCommand {

    @ParentCommand
    CareChatCommand root;

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "Asks the EHR for a token and its capability statement; exit code 3 when either fails.")
    int check(@Option(names = "--org", required = true, description = "organisation name or id") String org) {
        Organisation organisation = root.organisation(org);
        CurrentUser operator = new CurrentUser(null, organisation.id(), "operator", Role.ADMIN, true, null, "cli");
        ConnectionCheck.Outcome outcome = root.bean(ConnectionCheck.class).check(operator);
        if (!outcome.ok()) {
            root.out().println("Not connected: " + outcome.error());
            return AdminCli.CHECK_FAILED;
        }
        root.out()
                .println("Connected: FHIR " + outcome.fhirVersion()
                        + (outcome.software() == null ? "" : " (" + outcome.software() + ")"));
        return AdminCli.OK;
    }
}
