package org.carechat.sync;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.Privacy;
import org.carechat.identity.CurrentUser;
import org.carechat.system.CareChatProperties;
import org.carechat.timeline.Timeline;
import org.carechat.timeline.TimelineEntry;
import org.carechat.web.ApiProblem;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/sync")
@Tag(name = "Sync", description = "Catch up after being offline (the REST form of the WebSocket resume)")
class SyncController {

    private final SyncService sync;
    private final Timeline timeline;
    private final ConversationService conversations;
    private final int pageLimit;

    SyncController(
            SyncService sync, Timeline timeline, ConversationService conversations, CareChatProperties properties) {
        this.sync = sync;
        this.conversations = conversations;
        this.timeline = timeline;
        this.pageLimit = properties.messages().pageLimit();
    }

    record Cursor(
            @NotNull @Size(max = 64) String c,
            @NotNull @Min(0) Long seq) {}

    /** @param others {@code device} (default) or {@code latest}: where conversations not in cursors start */
    record SyncRequest(@Size(max = 10_000) List<@Valid @NotNull Cursor> cursors, String others) {}

    /**
     * @param limited   more entries exist after the last one returned: call again, or page with
     *                  {@code GET .../messages?after=nextAfter}
     * @param nextAfter the seq to continue after
     */
    record Batch(String c, List<TimelineEntry> events, boolean limited, long nextAfter, long lastSeq) {}

    record SyncResponse(List<Batch> conversations, List<ResumePlan.Reset> resets) {}

    @PostMapping
    @Operation(
            summary = "What this device is missing: per conversation, the entries after your cursor (or after "
                    + "what this device acknowledged), up to a page each")
    SyncResponse sync(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody SyncRequest body) {
        Map<String, Long> cursors = new HashMap<>();
        if (body.cursors() != null) {
            for (Cursor cursor : body.cursors()) {
                if (cursors.put(cursor.c(), cursor.seq()) != null) {
                    throw ApiProblem.badRequest("Conversation " + cursor.c() + " appears twice in cursors");
                }
            }
        }
        ResumePlan plan = sync.plan(actor, cursors, SyncService.Others.parse(body.others()));
        Privacy privacy = conversations.policy().privacyFor(actor);
        List<Batch> batches = new ArrayList<>();
        Map<String, Integer> sent = new HashMap<>();
        plan.startAfter().forEach((c, after) -> {
            long last = plan.lastSeq().get(c);
            if (after < last) {
                List<TimelineEntry> events = timeline.after(actor.orgId(), c, after, pageLimit).stream()
                        .map(privacy::entry)
                        .toList();
                long next = events.isEmpty() ? after : events.getLast().seq();
                batches.add(new Batch(c, events, next < last, next, last));
                sent.put(c, events.size());
            }
        });
        sync.recordCatchUp(actor, plan, sent, "sync");
        return new SyncResponse(batches, plan.resets());
    }
}
