package org.carechat.testing;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a test server at the in-process SMS centre ({@link Smsc}) and SMTP server ({@link Mailbox}) over loopback, and
 * turns the notice schedule off: tests run {@code PatientNotices.runOnce()} themselves after moving the clock.
 */
public class PatientChannelsInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The SMPP system type a test server binds with: unique per server (at most 12 characters, an SMPP limit). */
    static String systemType() {
        return "t" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 11);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(
                        "spring.mail.host=127.0.0.1",
                        "spring.mail.port=" + Mailbox.shared().getSmtp().getPort(),
                        "carechat.sms.host=127.0.0.1",
                        "carechat.sms.port=" + Smsc.shared().port(),
                        "carechat.sms.system-id=" + Smsc.SYSTEM_ID,
                        "carechat.sms.password=" + Smsc.PASSWORD,
                        // each server binds with a system type of its own, so the SMS centre delivers a patient's
                        // text to the server whose test sent it (several servers share the SMS centre in one JVM)
                        "carechat.sms.system-type=" + systemType(),
                        "carechat.sms.message-id-tag=0x1401",
                        "carechat.sms.duplicate-window=10m",
                        "carechat.sms.timeout=3s",
                        "carechat.notices.interval=0",
                        "carechat.notices.mail-from=notices@clinic.example",
                        "carechat.notices.backoff=2m")
                .applyTo(context.getEnvironment());
    }
}
