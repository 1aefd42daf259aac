package org.carechat.admin;

import java.util.concurrent.Callable;
import org.carechat.crypto.KeyRotation;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code rotate-master-key}: a new primary master key, and every stored key re-wrapped under it. */
@Command(
        name = "rotate-master-key",
        mixinStandardHelpOptions = true,
        description = "Adds a new primary key to the master key file (or uses the KMS's current one) and re-wraps "
                + "every stored key; messages are not touched.")
final class RotateMasterKeyCommand implements Callable<Integer> {

    @ParentCommand
    CareChatCommand root;

    @Override
    public Integer call() {
        KeyRotation.Result result = root.bean(KeyRotation.class).rotateMasterKey();
        if (result.newPrimaryKey()) {
            root.out()
                    .println("added a new primary key to the master key (" + result.masterKey() + "); the older "
                            + "keys stay in it so backups made with them still open");
        } else {
            root.out()
                    .println("the master key (" + result.masterKey() + ") is rotated at its source; re-wrapped "
                            + "under its current primary key");
        }
        root.out().println("re-wrapped " + result.rewrapped() + " stored keys; no message was touched");
        return AdminCli.OK;
    }
}
