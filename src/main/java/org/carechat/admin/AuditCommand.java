package org.carechat.admin;

import java.time.Instant;
import org.carechat.audit.AuditVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code audit verify}: checks every audit chain; exit code 3 when one is broken. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Checks the audit trail.")
final class AuditCommand {

    @ParentCommand
    CareChatCommand root;

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Reads every audit chain; exit code 0 when intact, 3 when broken (the first broken link "
                    + "is printed).")
    int verify() {
        AuditVerifier.Verification result = root.bean(AuditVerifier.class).verify(null);
        if (result.intact()) {
            root.out().println("audit trail intact: " + result.rows() + " rows in " + result.chains() + " chains");
            return AdminCli.OK;
        }
        AuditVerifier.Problem first = result.firstBroken();
        root.out()
                .println("audit trail BROKEN (" + result.problems().size() + " chain(s) affected; " + result.rows()
                        + " rows checked)");
        root.out().println("first broken link: " + describe(first));
        result.problems().stream()
                .filter(p -> p != first)
                .forEach(p -> root.out().println("also: " + describe(p)));
        return AdminCli.CHECK_FAILED;
    }

    private static String describe(AuditVerifier.Problem p) {
        return "chain " + p.chainId() + (p.position() == null ? "" : " position " + p.position())
                + (p.rowId() == null ? "" : " row " + p.rowId())
                + (p.occurredAt() == null ? "" : " at " + Instant.ofEpochMilli(p.occurredAt()))
                + ": " + p.problem();
    }
}
