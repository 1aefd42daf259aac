package org.carechat.realtime;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.CurrentUser;
import org.carechat.message.MessageService;
import org.carechat.receipt.ReceiptService;
import org.carechat.sync.SyncService;
import org.carechat.system.CareChatProperties;
import org.carechat.system.RateLimiter;
import org.carechat.system.SafeLog;
import org.carechat.urgent.UrgentService;
import org.carechat.web.ApiProblem;
import org.carechat.web.IdFormat;
import org.carechat.web.JsonInputProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WebSocket endpoint {@code /api/v1/ws}. The caller was authenticated at the upgrade; each frame is then
 * checked against the same services and policies as its REST form. Frames of one socket are handled in order.
 */
@Component
class ChatSocketHandler extends TextWebSocketHandler {

    static final String USER_ATTRIBUTE = "carechat.user";
    static final String EXPIRES_ATTRIBUTE = "carechat.expiresAt";
    /** The upgrade's use of its session, not yet written: the socket records it (SessionWatch, within seconds). */
    static final String USE_TO_RECORD_ATTRIBUTE = "carechat.useToRecord";

    static final CloseStatus TOO_MANY_FRAMES = CloseStatus.POLICY_VIOLATION;
    /** 1013 Try Again Later: this node is at capacity; the client reconnects after a pause, maybe to another node. */
    static final CloseStatus BUSY = CloseStatus.SERVICE_OVERLOAD;

    static final int BUSY_RETRY_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);

    private final ConnectionRegistry registry;
    private final LiveDelivery delivery;
    private final MessageService messages;
    private final ReceiptService receipts;
    private final ConversationService conversations;
    private final Doorbell doorbell;
    private final JsonMapper frames;
    private final int sendBufferBytes;
    private final int maxSockets;
    private final int maxFrameChars;
    private final Clock clock;
    private final RateLimiter limiter;
    private final AuditLog audit;
    private final UrgentService urgent;

    ChatSocketHandler(
            ConnectionRegistry registry,
            LiveDelivery delivery,
            MessageService messages,
            ReceiptService receipts,
            ConversationService conversations,
            Doorbell doorbell,
            JsonMapper json,
            CareChatProperties properties,
            Clock clock,
            RateLimiter limiter,
            AuditLog audit,
            UrgentService urgent) {
        this.urgent = urgent;
        this.clock = clock;
        this.limiter = limiter;
        this.audit = audit;
        this.registry = registry;
        this.delivery = delivery;
        this.messages = messages;
        this.receipts = receipts;
        this.conversations = conversations;
        this.doorbell = doorbell;
        this.frames = json.rebuild()
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        this.sendBufferBytes = properties.realtime().sendBufferBytes();
        this.maxSockets = properties.overload().maxSockets();
        this.maxFrameChars = properties.realtime().maxFrameBytes();
    }

    /** Frames bigger than the container's small read buffer arrive in parts, put together by {@link Connection}. */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        CurrentUser user = (CurrentUser) session.getAttributes().get(USER_ATTRIBUTE);
        // A client that does not read is cut off rather than allowed to fill the server's memory.
        var decorated = new ConcurrentWebSocketSessionDecorator(session, 10_000, sendBufferBytes);
        Connection connection = new Connection(
                decorated,
                user,
                (Long) session.getAttributes().get(EXPIRES_ATTRIBUTE),
                conversations.policy().privacyFor(user));
        if (Boolean.TRUE.equals(session.getAttributes().get(USE_TO_RECORD_ATTRIBUTE))) {
            connection.usedAt = clock.millis();
        }
        session.getAttributes().put(Connection.class.getName(), connection);
        if (!registry.add(connection, maxSockets)) {
            connection.close(BUSY.withReason(
                    "this server holds as many connections as it can; reconnect in " + BUSY_RETRY_SECONDS + " s"));
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Connection connection = (Connection) session.getAttributes().get(Connection.class.getName());
        if (connection.closingForWhatItSent) {
            return; // frames that were already on their way when the socket was closed for flooding
        }
        String payload;
        try {
            payload = connection.assemble(message.getPayload(), message.isLast(), maxFrameChars);
        } catch (Connection.FrameTooBig e) {
            connection.closingForWhatItSent = true;
            connection.close(CloseStatus.TOO_BIG_TO_PROCESS.withReason(
                    "frames are limited to " + maxFrameChars + " characters"));
            return;
        }
        if (payload == null) {
            return; // more parts to come
        }
        RateLimiter.Decision rate = limiter.take(RateLimiter.Limit.FRAMES_PER_USER, connection.user.userId());
        if (rate.allowed()) {
            rate = limiter.take(RateLimiter.Limit.FRAMES_PER_ADDRESS, String.valueOf(connection.user.ip()));
        }
        if (!rate.allowed()) {
            // Far beyond what a client needs: the socket is closed (1008), never silently ignored; it may reconnect.
            // Frames that arrived before the close took effect are dropped with it; the refusal is audited once.
            connection.closingForWhatItSent = true;
            audit.refused(connection
                    .user
                    .audit(AuditType.ACCESS_DENIED)
                    .target("socket", connection.deviceId())
                    .detail("reason", "rate_limited"));
            connection.close(
                    TOO_MANY_FRAMES.withReason("too many frames; reconnect after " + rate.retryAfterSeconds() + " s"));
            return;
        }
        ClientFrame frame;
        try {
            frame = frames.readValue(payload, ClientFrame.class);
        } catch (JacksonException e) {
            // In CareChat's words: Jackson's message names Java classes and quotes the input.
            delivery.send(
                    connection,
                    new ServerFrame.Error(
                            "Not a valid frame. " + JsonInputProblem.of(e).sentence("It")));
            return;
        }
        if (frame == null) { // the JSON text null
            delivery.send(
                    connection, new ServerFrame.Error("Not a valid frame. It must be a JSON object with a 'type'"));
            return;
        }
        if (frame instanceof ClientFrame.Send
                || frame instanceof ClientFrame.Read
                || frame instanceof ClientFrame.Typing
                || frame instanceof ClientFrame.AcknowledgeUrgent) {
            // A person's act keeps the session from idling out; what an app does by itself (acks of what arrives,
            // pings, resumes) does not, so an unattended open app still signs out at the idle limit.
            connection.usedAt = clock.millis();
        }
        try {
            frame.checkIds();
        } catch (ApiProblem problem) {
            delivery.send(connection, refusal(frame, problem));
            return;
        }
        try {
            handle(connection, frame);
        } catch (ApiProblem problem) {
            delivery.send(connection, new ServerFrame.Error(problem.getMessage()));
        } catch (RuntimeException e) {
            if (ApiProblem.isBusy(e)) {
                // Nothing was done; the client reconnects and resumes from its cursors, and its acks are cumulative.
                connection.close(BUSY.withReason("the server is too busy; reconnect in "
                        + ApiProblem.busy().retryAfterSeconds() + " s"));
                return;
            }
            log.error("a {} frame failed: {}", frame.getClass().getSimpleName(), SafeLog.describe(e));
            delivery.send(
                    connection, new ServerFrame.Error("The server could not handle this frame; nothing was changed"));
        }
    }

    private void handle(Connection connection, ClientFrame frame) {
        CurrentUser user = connection.user;
        switch (frame) {
            case ClientFrame.Resume resume -> {
                Map<String, Long> cursors = new HashMap<>();
                if (resume.cursors() != null) {
                    resume.cursors().forEach(cursor -> cursors.put(cursor.conversationId(), cursor.seq()));
                }
                delivery.resume(connection, cursors, SyncService.Others.parse(resume.others()));
            }
            case ClientFrame.Send send -> {
                ServerFrame.Result result;
                try {
                    MessageService.Sent sent = messages.send(
                            user,
                            send.conversationId(),
                            send.clientMsgId(),
                            send.body(),
                            new MessageService.Options(
                                    Boolean.TRUE.equals(send.urgent()),
                                    send.attachments(),
                                    send.replyTo(),
                                    send.mentions()));
                    result = ServerFrame.Result.ok(
                            send.id(), send.conversationId(), sent.seq(), sent.messageId(), sent.duplicate());
                } catch (ApiProblem problem) {
                    result = failed(send, problem);
                } catch (RuntimeException e) {
                    if (!ApiProblem.isBusy(e)) {
                        throw e;
                    }
                    result = failed(send, ApiProblem.busy());
                }
                delivery.send(connection, result);
            }
            case ClientFrame.Ack delivered -> {
                // Cumulative: an ack at or below what this socket already acknowledged changes nothing.
                String conversationId = required(delivered.conversationId());
                Long before = connection.acked.get(conversationId);
                if (before == null || delivered.upTo() > before) {
                    receipts.acknowledgeSoon(user, conversationId, delivered.upTo());
                    connection.acked.merge(conversationId, delivered.upTo(), Math::max);
                }
            }
            case ClientFrame.Read read -> receipts.markRead(user, required(read.conversationId()), read.upTo());
            case ClientFrame.Typing typing -> {
                String conversationId = required(typing.conversationId());
                conversations.requireMember(user, conversationId);
                doorbell.ring(new Ring.Typing(user.orgId(), conversationId, user.userId()));
            }
            case ClientFrame.Ping ping -> delivery.send(connection, new ServerFrame.Pong(ping.id()));
            case ClientFrame.AcknowledgeUrgent urgentAck ->
                urgent.acknowledge(user, required(urgentAck.conversationId()), urgentAck.seq());
            case ClientFrame.Watch watch -> delivery.watch(connection, required(watch.conversationId()), watch.seq());
            case ClientFrame.Unwatch unwatch -> delivery.unwatch(connection, required(unwatch.conversationId()));
            case ClientFrame.Visibility visibility -> connection.foreground = visibility.visible();
        }
    }

    /** A frame refused for its ids: a send with a usable id gets its failed result, anything else an error. */
    private static ServerFrame refusal(ClientFrame frame, ApiProblem problem) {
        if (frame instanceof ClientFrame.Send send && IdFormat.isValid(send.id())) {
            String conversationId = IdFormat.isValid(send.conversationId()) ? send.conversationId() : null;
            return ServerFrame.Result.failed(
                    send.id(), conversationId, problem.status().value(), problem.getMessage(), null);
        }
        return new ServerFrame.Error(problem.getMessage());
    }

    private static ServerFrame.Result failed(ClientFrame.Send send, ApiProblem problem) {
        return ServerFrame.Result.failed(
                send.id(),
                send.conversationId(),
                problem.status().value(),
                problem.getMessage(),
                problem.retryAfterSeconds() > 0 ? problem.retryAfterSeconds() : null);
    }

    private static String required(String conversationId) {
        if (conversationId == null || conversationId.isBlank()) {
            throw ApiProblem.badRequest("The frame needs the conversation id in 'c'");
        }
        return conversationId;
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        if (session.getAttributes().get(Connection.class.getName()) instanceof Connection connection) {
            registry.remove(connection);
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        afterConnectionClosed(session, CloseStatus.SERVER_ERROR);
    }
}
