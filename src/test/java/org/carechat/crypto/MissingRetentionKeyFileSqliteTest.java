package org.carechat.crypto;

import java.util.List;

class MissingRetentionKeyFileSqliteTest extends MissingRetentionKeyFileScenarios {

    @Override
    List<String> storage() {
        return List.of("--carechat.storage=sqlite");
    }
}
