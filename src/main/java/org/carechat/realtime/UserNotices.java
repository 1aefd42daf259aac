package org.carechat.realtime;

import org.carechat.availability.Availability;
import org.carechat.availability.AvailabilityService;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.contact.ContactService;
import org.carechat.urgent.UrgentService;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes the frames that concern people rather than a conversation's timeline: a colleague's availability, and the
 * state of an urgent alert to its holder. Each is read when its ring arrives, so rings handled out of order still end
 * on the stored state; only sockets that have resumed are told.
 */
@Component
class UserNotices {

    private final ConnectionRegistry registry;
    private final AvailabilityService availability;
    private final UrgentService urgent;
    private final ContactService contact;
    private final JsonMapper json;

    UserNotices(
            ConnectionRegistry registry,
            AvailabilityService availability,
            UrgentService urgent,
            ContactService contact,
            JsonMapper json,
            Doorbell doorbell) {
        this.registry = registry;
        this.availability = availability;
        this.urgent = urgent;
        this.contact = contact;
        this.json = json;
        doorbell.subscribe(this::onRing);
    }

    private void onRing(Ring ring) {
        switch (ring) {
            case Ring.AvailabilityChanged changed -> availabilityChanged(changed);
            case Ring.UrgentChanged changed -> urgentChanged(changed);
            case Ring.ContactRequestChanged changed -> contactRequestChanged(changed);
            case Ring.TimelineMoved moved -> {} // LiveDelivery's
            case Ring.MarkersMoved moved -> {} // LiveDelivery's
            case Ring.Typing typing -> {} // LiveDelivery's
            case Ring.SessionEnded ended -> {} // LiveDelivery's
        }
    }

    /**
     * Tells the organisation's staff sockets a colleague's current availability. Patients are never told staff
     * availability.
     */
    private void availabilityChanged(Ring.AvailabilityChanged changed) {
        Availability now = availability.of(changed.orgId(), changed.userId());
        String text =
                json.writeValueAsString(new ServerFrame.AvailabilityNotice(now.userId(), now.status(), now.until()));
        registry.all()
                .filter(connection -> connection.user.orgId().equals(changed.orgId()) && !connection.user.isPatient())
                .forEach(connection -> sendIfResumed(connection, text));
    }

    /**
     * Tells the holder's open sockets an urgent alert's current state: {@code urgent} while pending, else
     * {@code urgent_cleared} — so an acknowledgement on one device stops the alert on every other at once.
     */
    private void urgentChanged(Ring.UrgentChanged changed) {
        urgent.alert(changed.orgId(), changed.alertId()).ifPresent(alert -> {
            ServerFrame frame = alert.pending()
                    ? urgent.pendingAlert(alert.orgId(), alert.id())
                            .<ServerFrame>map(ServerFrame.UrgentAlert::new)
                            .orElse(null)
                    : new ServerFrame.UrgentCleared(
                            alert.id(), alert.conversationId(), alert.seq(), alert.acknowledgedBy());
            if (frame == null) {
                return;
            }
            String text = json.writeValueAsString(frame);
            registry.ofUser(alert.recipientId()).forEach(connection -> sendIfResumed(connection, text));
        });
    }

    /**
     * Tells the staff sockets that may see a contact request its current status and "new messages" (read when the
     * ring arrives), so their queue follows; the care team that owns its reason only, where there is one.
     */
    private void contactRequestChanged(Ring.ContactRequestChanged changed) {
        contact.audience(changed.orgId(), changed.requestId()).ifPresent(audience -> {
            ContactService.Notice notice = audience.notice();
            String text = json.writeValueAsString(
                    new ServerFrame.ContactRequestNotice(notice.requestId(), notice.status(), notice.newMessages()));
            registry.all()
                    .filter(connection -> audience.includes(connection.user))
                    .forEach(connection -> sendIfResumed(connection, text));
        });
    }

    private static void sendIfResumed(Connection connection, String text) {
        connection.lock.lock();
        try {
            if (connection.resumed) {
                connection.send(text);
            }
        } finally {
            connection.lock.unlock();
        }
    }
}
