package org.carechat.admin;

import org.carechat.identity.OperatorAccounts;
import org.carechat.identity.User;
import org.carechat.org.Organisation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code users list|disable|enable|reset-password|reset-second-factor}: staff accounts, for when no admin of the
 * organisation can sign in. Every change is audited with the actor {@code operator}.
 */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Lists and repairs staff accounts.")
final class UsersCommand {

    @ParentCommand
    CareChatCommand root;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists an organisation's staff.")
    int list(@Option(names = "--org", required = true, description = "organisation name or id") String org) {
        Organisation organisation = root.organisation(org);
        OperatorAccounts accounts = root.bean(OperatorAccounts.class);
        root.out()
                .println(String.format(
                        java.util.Locale.ROOT,
                        "%-24s %-10s %-9s %-13s %s",
                        "USERNAME",
                        "ROLE",
                        "STATE",
                        "2ND FACTOR",
                        "ID"));
        for (User user : accounts.list(organisation.id())) {
            root.out()
                    .println(String.format(
                            java.util.Locale.ROOT,
                            "%-24s %-10s %-9s %-13s %s",
                            user.username(),
                            user.role().code(),
                            user.disabled() ? "disabled" : "active",
                            accounts.hasSecondFactor(user.id()) ? "yes" : "no",
                            user.id()));
        }
        return AdminCli.OK;
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Disables a staff member and ends every session and device token of theirs.")
    int disable(
            @Option(names = "--org", required = true, description = "organisation name or id") String org,
            @Option(names = "--username", required = true, description = "their username") String username) {
        User user = root.bean(OperatorAccounts.class)
                .setDisabled(root.organisation(org).id(), username, true);
        root.out().println("disabled " + user.username() + "; their sessions and device tokens are ended");
        return AdminCli.OK;
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enables a disabled staff member.")
    int enable(
            @Option(names = "--org", required = true, description = "organisation name or id") String org,
            @Option(names = "--username", required = true, description = "their username") String username) {
        User user = root.bean(OperatorAccounts.class)
                .setDisabled(root.organisation(org).id(), username, false);
        root.out().println("enabled " + user.username());
        return AdminCli.OK;
    }

    @Command(
            name = "reset-password",
            mixinStandardHelpOptions = true,
            description = "Gives a staff member a one-time password (printed) and ends their sessions.")
    int resetPassword(
            @Option(names = "--org", required = true, description = "organisation name or id") String org,
            @Option(names = "--username", required = true, description = "their username") String username) {
        String password = OneTimePassword.generate();
        root.bean(OperatorAccounts.class).resetPassword(root.organisation(org).id(), username, password);
        root.out().println("one-time password for " + username + ": " + password + " (must be changed at sign-in)");
        return AdminCli.OK;
    }

    @Command(
            name = "reset-second-factor",
            mixinStandardHelpOptions = true,
            description = "Removes a staff member's second factor (a lost phone); they set up a new one at sign-in.")
    int resetSecondFactor(
            @Option(names = "--org", required = true, description = "organisation name or id") String org,
            @Option(names = "--username", required = true, description = "their username") String username) {
        root.bean(OperatorAccounts.class)
                .resetSecondFactor(root.organisation(org).id(), username);
        root.out().println("second factor of " + username + " removed");
        return AdminCli.OK;
    }
}
