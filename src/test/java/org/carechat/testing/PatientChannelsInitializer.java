package org.carechat.testing;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a test server at the in-process SMS centre ({@link Smsc}) and SMTP server ({@link Mailbox}) over loopback, and
 * turns the notice schedule off: tests run {@code PatientNotices.runOnce()} themselves after moving the clock.
 */
public class PatientChannelsInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(
                        "spring.mail.host=127.0.0.1",
                        "spring.mail.port=" + Mailbox.shared().getSmtp().getPort(),
                        "carechat.sms.host=127.0.0.1",
                        "carechat.sms.port=" + Smsc.shared().port(),
                        "carechat.sms.system-id=" + Smsc.SYSTEM_ID,
                        "carechat.sms.password=" + Smsc.PASSWORD,
                        "carechat.sms.timeout=3s",
                        "carechat.notices.interval=0",
                        "carechat.notices.mail-from=notices@clinic.example",
                        "carechat.notices.backoff=2m")
                .applyTo(context.getEnvironment());
    }
}
