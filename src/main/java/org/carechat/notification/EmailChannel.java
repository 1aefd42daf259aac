package org.carechat.notification;

import org.carechat.system.CareChatProperties;
import org.carechat.system.EmailAddresses;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * E-mail over SMTP through Spring's {@link JavaMailSender} (Jakarta Mail). Available when {@code spring.mail.host}
 * is set, which is what makes Spring Boot create the sender.
 */
@Component
class EmailChannel implements PatientChannel {

    private final ObjectProvider<JavaMailSender> sender;
    private final String from;

    EmailChannel(ObjectProvider<JavaMailSender> sender, CareChatProperties properties) {
        this.sender = sender;
        this.from = properties.notices().mailFrom();
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public boolean available() {
        return sender.getIfAvailable() != null;
    }

    @Override
    public String addressOf(String mobile, String email) {
        return EmailAddresses.normalise(email);
    }

    @Override
    public String send(String address, String subject, String text) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null) {
            throw new SendFailed("no SMTP server is configured", null);
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(address);
        message.setSubject(subject);
        message.setText(text);
        try {
            mail.send(message);
            return null;
        } catch (MailException e) {
            throw new SendFailed(
                    "the SMTP server did not take the e-mail (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
