package org.carechat.push;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.Member;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.message.MessageSent;
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
 * message has committed. Who is pushed to: each member but the sender with a live subscription, no socket in the
 * foreground, and alert settings that let this message through (scope, quiet hours). An urgent message goes to staff
 * through {@link UrgentPushes} instead (it stays until acknowledged and repeats).
 */
@Component
class MessagePushes implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MessagePushes.class);

    private final ConversationService conversations;
    private final UserService users;
    private final ForegroundSockets foreground;
    private final PushSubscriptions subscriptions;
    private final AlertSettingsStore settings;
    private final PushSender sender;
    private final Transactions transactions;
    private final Clock clock;
    private final ExecutorService deciding = Executors.newVirtualThreadPerTaskExecutor();

    MessagePushes(
            ConversationService conversations,
            UserService users,
            ForegroundSockets foreground,
            PushSubscriptions subscriptions,
            AlertSettingsStore settings,
            PushSender sender,
            Transactions transactions,
            Clock clock) {
        this.conversations = conversations;
        this.users = users;
        this.foreground = foreground;
        this.subscriptions = subscriptions;
        this.settings = settings;
        this.sender = sender;
        this.transactions = transactions;
        this.clock = clock;
    }

    @EventListener
    void onMessageSent(MessageSent sent) {
        transactions.afterCommit(() -> deciding.execute(() -> {
            try {
                push(sent);
            } catch (RuntimeException e) {
                log.warn("pushes for a new message failed: {}", SafeLog.describe(e));
            }
        }));
    }

    private void push(MessageSent sent) {
        String orgId = sent.sender().orgId();
        List<String> others = conversations.members(orgId, sent.conversationId()).stream()
                .map(Member::userId)
                .filter(id -> !id.equals(sent.sender().userId()))
                .toList();
        if (others.isEmpty()) {
            return;
        }
        Map<String, User> recipients = users.findAll(orgId, others);
        String from = sent.sender().isPatient() ? "a patient" : sent.sender().displayName();
        for (User recipient : recipients.values()) {
            if (recipient.disabled() || (sent.urgent() && !recipient.isPatient())) {
                continue;
            }
            AlertSettings chosen = settings.of(orgId, recipient.id());
            if (!chosen.pushes(sent.direct(), clock.instant()) || foreground.inForeground(recipient.id())) {
                continue;
            }
            List<PushSubscriptions.Subscription> devices = subscriptions.ofUser(orgId, recipient.id());
            if (!devices.isEmpty()) {
                sender.sendAll(devices, PushPayload.message(from, sent.conversationId(), !chosen.sound()), false);
            }
        }
    }

    @Override
    public void destroy() {
        deciding.shutdownNow();
    }
}
