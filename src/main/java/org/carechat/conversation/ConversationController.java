package org.carechat.conversation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/conversations")
@Tag(name = "Conversations", description = "Conversations you are a member of, and their members")
class ConversationController {

    private final ConversationService conversations;
    private final UserService users;
    private final PatientService patients;
    private final Muting muting;

    ConversationController(
            ConversationService conversations, UserService users, PatientService patients, Muting muting) {
        this.conversations = conversations;
        this.users = users;
        this.patients = patients;
        this.muting = muting;
    }

    /**
     * @param viaTeam a member because they are in the conversation's care team
     * @param patient a patient's account, not a staff member (their messages look different)
     */
    record MemberView(
            String userId,
            String displayName,
            Member.Role role,
            long readSeq,
            long deliveredSeq,
            boolean viaTeam,
            boolean patient) {}

    @io.swagger.v3.oas.annotations.media.Schema(name = "ConversationPatient")
    record PatientSummary(String id, String mrn, String name, String birthDate) {
        @Override
        public String toString() {
            return "PatientSummary[id=" + id + "]";
        }
    }

    /** @param muted the caller muted this conversation (their own choice; other members are not told) */
    record Details(Conversation conversation, List<MemberView> members, PatientSummary patient, boolean muted) {}

    /** @param muted mute the conversation for yourself (true) or hear it again (false) */
    record Mute(@NotNull Boolean muted) {}

    /** @param careTeamId another care team, or blank for none; absent leaves it as it is */
    record Update(
            @Size(max = 200) String topic,
            Boolean acceptResponses,
            @Size(max = 64) String careTeamId) {
        /** No topic: it can name a patient, and frameworks log request bodies at debug level. */
        @Override
        public String toString() {
            return "Update[topic=(" + (topic == null ? "unchanged" : topic.length() + " characters")
                    + "), acceptResponses=" + acceptResponses + ", careTeamId=" + careTeamId + "]";
        }
    }

    record NewMember(@NotBlank @Size(max = 64) String userId, Boolean owner) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a conversation; a direct one between the same two people is returned if it exists")
    Details create(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody NewConversation body) {
        Conversation created = conversations.create(actor, body);
        return details(actor, created);
    }

    @GetMapping
    @Operation(summary = "Your conversations, most recently active first (see /api/v1/inbox for unread counts)")
    List<Conversation> list(@AuthenticationPrincipal CurrentUser actor) {
        Privacy privacy = conversations.policy().privacyFor(actor);
        return conversations.listFor(actor, "list").stream()
                .map(privacy::conversation)
                .toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One conversation with its members and linked patient")
    Details get(@AuthenticationPrincipal CurrentUser actor, @PathVariable String id) {
        return details(actor, conversations.open(actor, id));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change the topic or flip 1-way/2-way (owners)")
    Details update(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String id, @Valid @RequestBody Update body) {
        return details(actor, conversations.update(actor, id, body.topic(), body.acceptResponses(), body.careTeamId()));
    }

    @PostMapping("/{id}/members")
    @Operation(summary = "Add a staff member (owners)")
    Details addMember(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String id, @Valid @RequestBody NewMember body) {
        conversations.addMember(actor, id, body.userId(), Boolean.TRUE.equals(body.owner()));
        return details(actor, conversations.requireMember(actor, id).conversation());
    }

    @DeleteMapping("/{id}/members/{userId}")
    @Operation(summary = "Remove a member (owners), or leave (yourself)")
    ResponseEntity<Void> removeMember(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String id, @PathVariable String userId) {
        conversations.removeMember(actor, id, userId);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{id}/muted")
    @Operation(summary = "Mute or unmute a conversation for yourself: only mentions of you and urgent messages alert")
    ResponseEntity<Void> mute(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String id, @Valid @RequestBody Mute body) {
        muting.set(actor, id, body.muted());
        return ResponseEntity.noContent().build();
    }

    /** For a patient: the staff members and themselves, the linked record only when it is theirs. */
    private Details details(CurrentUser actor, Conversation conversation) {
        Privacy privacy = conversations.policy().privacyFor(actor);
        List<Member> members = conversations.members(actor.orgId(), conversation.id()).stream()
                .filter(m -> privacy.mayName(m.userId()))
                .toList();
        Map<String, User> names = users.findAll(
                actor.orgId(), members.stream().map(Member::userId).toList());
        List<MemberView> views = members.stream()
                .map(m -> new MemberView(
                        m.userId(),
                        names.containsKey(m.userId()) ? names.get(m.userId()).displayName() : null,
                        m.role(),
                        m.readSeq(),
                        m.deliveredSeq(),
                        m.viaTeam(),
                        names.containsKey(m.userId()) && names.get(m.userId()).isPatient()))
                .toList();
        PatientSummary patient = null;
        if (conversation.patientId() != null && privacy.mayShowPatient(conversation.patientId())) {
            Patient p = patients.require(actor.orgId(), conversation.patientId());
            patient = new PatientSummary(p.id(), p.mrn(), p.displayName(), p.birthDate());
        }
        return new Details(
                privacy.conversation(conversation),
                views,
                patient,
                muting.mutedBy(actor.orgId(), actor.userId()).contains(conversation.id()));
    }
}
