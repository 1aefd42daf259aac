package org.carechat.sms;

import org.carechat.notification.PatientChannel;
import org.springframework.stereotype.Component;

/**
 * Notices and one-time codes to patients by SMS, through the kept-bound link to the SMS centre ({@link SmppLink}),
 * from the installation's sender ({@code carechat.sms.source-address}). Available when {@code carechat.sms.host} is
 * set. The delivery receipt of the (first) part comes back by the id this returns.
 */
@Component
class SmppChannel implements PatientChannel {

    private final SmsGateway gateway;

    SmppChannel(SmsGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public String name() {
        return "sms";
    }

    @Override
    public boolean available() {
        return gateway.available();
    }

    @Override
    public String addressOf(String mobile, String email) {
        return gateway.mobile(mobile);
    }

    @Override
    public String send(String address, String subject, String text) {
        return gateway.send(null, address, text).getFirst();
    }
}
