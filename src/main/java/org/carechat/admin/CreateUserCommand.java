package org.carechat.admin;

import java.util.concurrent.Callable;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.org.Organisation;
import org.carechat.storage.Transactions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code create-user}: a staff member of an organisation, with a one-time password unless one is given. */
@Command(
        name = "create-user",
        mixinStandardHelpOptions = true,
        description = "Creates a staff member; without --password a one-time password is printed.")
final class CreateUserCommand implements Callable<Integer> {

    @ParentCommand
    CareChatCommand root;

    @Option(names = "--org", required = true, description = "organisation name or id")
    String org;

    @Option(names = "--username", required = true, description = "sign-in name (letters, digits, . _ -)")
    String username;

    @Option(names = "--name", required = true, description = "display name")
    String name;

    @Option(names = "--role", required = true, description = "admin, clinician, nurse or staff")
    String role;

    @Option(names = "--password", description = "a password of their own (at least 12 characters)")
    String password;

    @Override
    public Integer call() {
        Role parsed = Role.parse(role)
                .filter(Role::isStaff)
                .orElseThrow(() -> new IllegalArgumentException(
                        "--role must be one of admin, clinician, nurse, staff (not '" + role + "')"));
        Organisation organisation = root.organisation(org);
        String chosen = password != null ? password : OneTimePassword.generate();
        User user = root.bean(Transactions.class)
                .write(() -> root.bean(UserService.class)
                        .createByOperator(
                                organisation.id(),
                                new NewUser(username, name, parsed, chosen, password == null),
                                false));
        root.out()
                .println("created " + parsed.code() + " " + user.username() + " (id " + user.id() + ") in "
                        + organisation.name());
        if (password == null) {
            root.out().println("one-time password: " + chosen + " (must be changed at first sign-in)");
        }
        return AdminCli.OK;
    }
}
