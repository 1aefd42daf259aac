package org.carechat.identity;

import java.util.Base64;
import org.carechat.crypto.IdentifyingData;
import org.springframework.stereotype.Component;

/**
 * A patient's account carries the name of their record, which is identifying data: it is stored sealed under the
 * organisation's data key (bound to the account's id), as base64 text in {@code app_user.display_name}. Staff names
 * are the staff directory and stay as they are.
 */
@Component
class AccountNames {

    static final String FIELD = "app_user.display_name";

    private final IdentifyingData data;

    AccountNames(IdentifyingData data) {
        this.data = data;
    }

    /** The value to store for an account of {@code role} named {@code name}. */
    String stored(String orgId, String userId, Role role, String name) {
        return role == Role.PATIENT ? Base64.getEncoder().encodeToString(data.seal(orgId, FIELD, userId, name)) : name;
    }

    /** The name of an account from its stored value. */
    String name(String orgId, String userId, Role role, String stored) {
        return role == Role.PATIENT && stored != null
                ? data.open(orgId, FIELD, userId, Base64.getDecoder().decode(stored))
                : stored;
    }
}
