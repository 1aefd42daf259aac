package org.carechat.admin;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.UserService;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.storage.Transactions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code create-org}: a new organisation, optionally with its first admin (who gets a one-time password). */
@Command(
        name = "create-org",
        mixinStandardHelpOptions = true,
        description = "Creates an organisation, and optionally its first admin with a one-time password.")
final class CreateOrgCommand implements Callable<Integer> {

    @ParentCommand
    CareChatCommand root;

    @Option(names = "--name", required = true, description = "the organisation's name (unique)")
    String name;

    @Option(names = "--admin-username", description = "username of the organisation's first admin")
    String adminUsername;

    @Option(names = "--admin-name", description = "the admin's display name (default: the username)")
    String adminName;

    @Override
    public Integer call() {
        String password = adminUsername == null ? null : OneTimePassword.generate();
        Organisation org = root.bean(Transactions.class).write(() -> {
            Organisation created = root.bean(OrgService.class).create(name, null, null);
            if (adminUsername != null) {
                root.bean(UserService.class)
                        .createByOperator(
                                created.id(),
                                new NewUser(
                                        adminUsername,
                                        adminName == null ? adminUsername : adminName,
                                        Role.ADMIN,
                                        password,
                                        true),
                                false);
            }
            return created;
        });
        root.out().println("created organisation " + org.name() + " (id " + org.id() + ")");
        if (adminUsername != null) {
            root.out()
                    .println("admin sign-in: username " + adminUsername.toLowerCase(Locale.ROOT)
                            + ", one-time password " + password + " (must be changed at first sign-in)");
        }
        return AdminCli.OK;
    }
}
