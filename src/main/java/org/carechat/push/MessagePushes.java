package org.carechat.push;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.message.AlertRule;
import org.carechat.message.NewMessage;
import org.carechat.realtime.ForegroundSockets;
import org.carechat.storage.Transactions;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Pushes "New message from …" to the members of a conversation who do not have the app in front of them, once the
 * message has committed. Who is pushed to: each member {@link AlertRule} alerts (not the sender; not one who muted the
 * conversation, unless the message mentions them) with a live subscription, no socket in the foreground, and alert
 * settings that let this message through (scope — a mention counts as direct — and quiet hours). An urgent message
 * goes to staff through {@link UrgentPushes} instead (it stays until acknowledged and repeats).
 */
@Component
class MessagePushes implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MessagePushes.class);

    private final AlertRule alertRule;
    private final UserService users;
    private final ForegroundSockets foreground;
    private final PushSubscriptions subscriptions;
    private final PushService settings;
    private final PushSender sender;
    private final Transactions transactions;
    private final Clock clock;
    private final ExecutorService deciding = Executors.newVirtualThreadPerTaskExecutor();

    MessagePushes(
            AlertRule alertRule,
            UserService users,
            ForegroundSockets foreground,
            PushSubscriptions subscriptions,
            PushService settings,
            PushSender sender,
            Transactions transactions,
            Clock clock) {
        this.alertRule = alertRule;
        this.users = users;
        this.foreground = foreground;
        this.subscriptions = subscriptions;
        this.settings = settings;
        this.sender = sender;
        this.transactions = transactions;
        this.clock = clock;
    }

    @EventListener
    void onNewMessage(NewMessage sent) {
        transactions.afterCommit(() -> deciding.execute(() -> {
            try {
                push(sent);
            } catch (RuntimeException e) {
                log.warn("pushes for a new message failed: {}", SafeLog.describe(e));
            }
        }));
    }

    private void push(NewMessage sent) {
        String orgId = sent.orgId();
        List<AlertRule.Alert> alerts = alertRule.whoToAlert(sent);
        if (alerts.isEmpty()) {
            return;
        }
        List<String> ids =
                new ArrayList<>(alerts.stream().map(AlertRule.Alert::userId).toList());
        ids.add(sent.senderId());
        Map<String, User> people = users.findAllRecent(orgId, ids);
        User author = people.get(sent.senderId());
        String from = author == null || author.isPatient() ? "a patient" : author.displayName();
        for (AlertRule.Alert alert : alerts) {
            User recipient = people.get(alert.userId());
            if (recipient == null || recipient.disabled() || (sent.urgent() && !recipient.isPatient())) {
                continue;
            }
            AlertSettings chosen = settings.settingsOf(orgId, recipient.id());
            boolean direct = sent.direct() || alert.reason() == AlertRule.Reason.MENTION;
            if (!chosen.pushes(direct, clock.instant()) || foreground.inForeground(recipient.id())) {
                continue;
            }
            List<PushSubscriptions.Subscription> devices = subscriptions.ofUser(orgId, recipient.id());
            if (!devices.isEmpty()) {
                sender.sendAll(devices, PushPayload.message(from, sent.conversationId(), !chosen.sound()), false);
            }
        }
    }

    /** Lets the decisions under way (for the last messages committed while the server stopped) finish, briefly. */
    @Override
    public void destroy() throws InterruptedException {
        deciding.shutdown();
        if (!deciding.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
            deciding.shutdownNow();
        }
    }
}
