package org.carechat.testing;

import java.util.concurrent.ThreadLocalRandom;

/** Contacts for test patients that no other test uses, and that libphonenumber accepts as mobiles. */
public final class Patients {

    private Patients() {}

    /** A valid UK mobile number in E.164 form, random enough to be this test's own. */
    public static String mobile() {
        return "+447412"
                + String.format(
                        java.util.Locale.ROOT,
                        "%06d",
                        ThreadLocalRandom.current().nextInt(1_000_000));
    }

    public static String email() {
        return "patient." + java.util.UUID.randomUUID().toString().substring(0, 12) + "@example.org";
    }
}
