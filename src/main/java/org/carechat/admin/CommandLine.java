package org.carechat.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carechat.audit.AuditVerifier;
import org.carechat.crypto.KeyRotation;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.patient.PatientService;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The admin command line, run against the configured database instead of starting the server:
 *
 * <pre>
 * ./carechat create-org --name="North Clinic" [--admin-username=u --admin-name="Ann Admin"]
 * ./carechat create-user --org="North Clinic" --username=u --name="Dr Jones" --role=clinician [--password=p]
 * ./carechat import-patients --org="North Clinic" patients.csv
 * ./carechat audit verify
 * ./carechat rotate-master-key
 * </pre>
 *
 * Options take the {@code --option=value} form. Without {@code --password} a one-time password is generated and printed; it must be changed at first sign-in.
 * Exit code 0 on success, 2 on a refused input (the message says what to fix), with nothing half-done; {@code audit
 * verify} exits with 3 when the trail is broken.
 */
@Component
@Profile("cli")
public class CommandLine implements ApplicationRunner, ExitCodeGenerator {

    static final int TRAIL_BROKEN = 3;
    private static final Set<String> COMMANDS =
            Set.of("create-org", "create-user", "reset-password", "import-patients", "audit", "rotate-master-key");

    private final OrgService orgs;
    private final UserService users;
    private final PatientService patients;
    private final Transactions transactions;
    private final AuditVerifier verifier;
    private final KeyRotation keyRotation;
    private final org.carechat.identity.TokenService tokens;
    private int exitCode;

    CommandLine(
            OrgService orgs,
            UserService users,
            PatientService patients,
            Transactions transactions,
            AuditVerifier verifier,
            KeyRotation keyRotation,
            org.carechat.identity.TokenService tokens) {
        this.tokens = tokens;
        this.orgs = orgs;
        this.users = users;
        this.patients = patients;
        this.transactions = transactions;
        this.verifier = verifier;
        this.keyRotation = keyRotation;
    }

    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    @Override
    public void run(ApplicationArguments arguments) {
        List<String> args = arguments.getNonOptionArgs();
        try {
            switch (args.getFirst()) {
                case "create-org" -> createOrg(arguments);
                case "create-user" -> createUser(arguments);
                case "reset-password" -> resetPassword(arguments);
                case "import-patients" -> importPatients(arguments, args);
                case "audit" -> verifyAudit(args);
                case "rotate-master-key" -> rotateMasterKey();
                default -> throw new IllegalArgumentException("unknown command " + args.getFirst());
            }
        } catch (ApiProblem | IllegalArgumentException e) {
            Console.err("error: " + e.getMessage());
            exitCode = 2;
        }
    }

    private void createOrg(ApplicationArguments a) {
        String name = required(a, "name");
        String adminUsername = optional(a, "admin-username");
        var result = transactions.write(() -> {
            Organisation org = orgs.create(name, null, null);
            String password = null;
            if (adminUsername != null) {
                password = OneTimePassword.generate();
                users.createByOperator(
                        org.id(),
                        new NewUser(
                                adminUsername,
                                defaultIfNull(optional(a, "admin-name"), adminUsername),
                                Role.ADMIN,
                                password,
                                true),
                        false);
            }
            return Map.entry(org, password == null ? "" : password);
        });
        Console.out("created organisation " + result.getKey().name() + " (id "
                + result.getKey().id() + ")");
        if (adminUsername != null) {
            Console.out("admin sign-in: username " + adminUsername.toLowerCase(java.util.Locale.ROOT)
                    + ", one-time password " + result.getValue() + " (must be changed at first sign-in)");
        }
    }

    private void createUser(ApplicationArguments a) {
        Organisation org = organisation(required(a, "org"));
        String roleCode = required(a, "role");
        Role role = Role.parse(roleCode)
                .orElseThrow(() -> new IllegalArgumentException(
                        "--role must be one of admin, clinician, nurse, staff (not '" + roleCode + "')"));
        String given = optional(a, "password");
        String password = given != null ? given : OneTimePassword.generate();
        User user = transactions.write(() -> users.createByOperator(
                org.id(),
                new NewUser(required(a, "username"), required(a, "name"), role, password, given == null),
                false));
        Console.out("created " + role.code() + " " + user.username() + " (id " + user.id() + ") in " + org.name());
        if (given == null) {
            Console.out("one-time password: " + password + " (must be changed at first sign-in)");
        }
    }

    /** A new one-time password for a staff member who forgot theirs or whose one-time password expired. */
    private void resetPassword(ApplicationArguments a) {
        Organisation org = organisation(required(a, "org"));
        String password = OneTimePassword.generate();
        User user = transactions.write(
                () -> users.resetPasswordByOperator(org.id(), required(a, "username"), password, tokens));
        Console.out("one-time password for " + user.username() + " in " + org.name() + ": " + password
                + " (works for " + UserService.ONE_TIME_PASSWORD_LIFETIME.toHours()
                + " hours, must be changed at sign-in; their sessions were ended)");
    }

    private void importPatients(ApplicationArguments a, List<String> args) {
        Organisation org = organisation(required(a, "org"));
        if (args.size() != 2) {
            throw new IllegalArgumentException("give the CSV file: import-patients --org NAME patients.csv");
        }
        Path file = Path.of(args.get(1));
        String csv;
        try {
            csv = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        int imported = patients.importCsv(org.id(), null, null, csv);
        Console.out("imported " + imported + " patients into " + org.name());
    }

    private void verifyAudit(List<String> args) {
        if (args.size() != 2 || !args.get(1).equals("verify")) {
            throw new IllegalArgumentException("the audit command is: audit verify");
        }
        AuditVerifier.Verification result = verifier.verify(null);
        if (result.intact()) {
            Console.out("audit trail intact: " + result.rows() + " rows in " + result.chains() + " chains");
            return;
        }
        AuditVerifier.Problem first = result.firstBroken();
        Console.out("audit trail BROKEN (" + result.problems().size() + " chain(s) affected; " + result.rows()
                + " rows checked)");
        Console.out("first broken link: " + describe(first));
        result.problems().stream().filter(p -> p != first).forEach(p -> Console.out("also: " + describe(p)));
        exitCode = TRAIL_BROKEN;
    }

    private static String describe(AuditVerifier.Problem p) {
        return "chain " + p.chainId() + (p.position() == null ? "" : " position " + p.position())
                + (p.rowId() == null ? "" : " row " + p.rowId())
                + (p.occurredAt() == null ? "" : " at " + java.time.Instant.ofEpochMilli(p.occurredAt()))
                + ": " + p.problem();
    }

    private void rotateMasterKey() {
        KeyRotation.Result result = keyRotation.rotateMasterKey();
        if (result.newPrimaryKey()) {
            Console.out("added a new primary key to the master key (" + result.masterKey() + "); the older keys stay "
                    + "in it so backups made with them still open");
        } else {
            Console.out("the master key (" + result.masterKey() + ") is rotated at its source; re-wrapped under its "
                    + "current primary key");
        }
        Console.out("re-wrapped " + result.rewrapped() + " stored keys; no message was touched");
    }

    private Organisation organisation(String nameOrId) {
        return orgs.find(nameOrId)
                .or(() -> orgs.findByName(nameOrId))
                .orElseThrow(() -> new IllegalArgumentException("no organisation named '" + nameOrId + "'"));
    }

    private static String required(ApplicationArguments a, String option) {
        String value = optional(a, option);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + option + " is required");
        }
        return value;
    }

    private static String optional(ApplicationArguments a, String option) {
        List<String> values = a.getOptionValues(option);
        return values == null || values.isEmpty() ? null : values.getLast();
    }

    private static String defaultIfNull(String value, String fallback) {
        return value == null ? fallback : value;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
