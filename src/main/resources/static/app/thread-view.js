// The right pane: one conversation as staff see it. The header (title, patient, members, who is typing, Profile and
// Edit), the message history with notes about the conversation and the trash icon on messages the user may delete,
// and the message box with its Urgent toggle. What it shows comes from the conversation's timeline model
// (../shared/timeline.js).

import {api} from '../shared/api.js';
import {closedNote, ThreadFooter} from '../shared/composer.js';
import {h, icon, replaceChildren} from '../shared/dom.js';
import {conversationTitle} from '../shared/inbox-model.js';
import {ThreadMessages} from '../shared/thread-messages.js';
import {userStatus} from '../shared/user-status.js';

const TYPING_SHOWN_MS = 4_000;
const WIDE = window.matchMedia('(min-width: 768px)');

export class ThreadView {

    /**
     * @param actions {onBack, onEdit(details), onProfile(patientId), onDelete(seq), onMuted(muted), urgent (the urgent
     *                panel: an urgent message waiting for my acknowledgement offers Acknowledge on itself)}
     */
    constructor(timeline, me, actions) {
        this.timeline = timeline;
        this.me = me;
        this.actions = actions;
        this.header = h('header', {class: 'thread-header'});
        this.messages = new ThreadMessages(timeline, {
            notes: true,
            deleteAction: entry => (entry.senderId === me.id || timeline.isOwner
                ? () => actions.onDelete(entry.seq) : null),
            mayReply: () => timeline.details.conversation.acceptResponses || timeline.isOwner,
            acknowledgeAction: entry => {
                const alert = actions.urgent?.pendingFor(timeline.id, entry.seq);
                return alert ? () => actions.urgent.acknowledge(alert) : null;
            },
        });
        this.urgentChanged = () => this.messages.refreshAcknowledge();
        actions.urgent?.addEventListener('change', this.urgentChanged);
        this.footer = new ThreadFooter(timeline, {
            mayWrite: () => timeline.details.conversation.acceptResponses || timeline.isOwner,
            closedNote: () => closedNote(
                'This conversation is 1-way: only its owners can write. You can read it, but not reply.'),
            // the server refuses urgent messages where a patient takes part; the toggle is not offered there
            allowUrgent: () => timeline.details.conversation.audience === 'staff',
            mentions: true,
            audienceNote: () => {
                const {conversation, patient} = timeline.details;
                return conversation.audience === 'staff' ? null
                    : `${patient ? patient.name : 'The patient'} can see this conversation`;
            },
        });
        this.element = h('section', {class: 'thread', 'aria-labelledby': 'thread-title', dataset: {id: timeline.id}},
            this.header, this.messages.element, this.footer.element);
        timeline.addEventListener('details', () => this.renderHeader());
        timeline.addEventListener('typing', event => this.showTyping(event.detail.name));
    }

    /** The thread closes (another opens, or none): stops listening to the urgent panel, which outlives it. */
    close() {
        this.actions.urgent?.removeEventListener('change', this.urgentChanged);
    }

    renderHeader() {
        const {conversation, patient, members} = this.timeline.details;
        const other = conversation.kind === 'direct' ? members.find(m => m.userId !== this.me.id) : null;
        this.typingNote = h('p', {class: 'typing', 'aria-live': 'polite'});
        replaceChildren(this.header,
            h('button', {type: 'button', class: 'back', 'aria-label': 'Back to conversations',
                onClick: () => this.actions.onBack()}, icon('back')),
            h('div', {class: 'thread-title'},
                h('h2', {id: 'thread-title', tabindex: '-1'}, conversationTitle(conversation, patient, other),
                    other ? userStatus(other.userId) : null),
                h('p', {class: 'thread-sub'},
                    patient ? [h('span', {class: 'thread-patient'}, patient.name),
                        h('span', {class: 'patient-id'}, `ID ${patient.mrn}`)] : null,
                    h('span', {}, `${members.length} members · ${conversation.acceptResponses ? '2-way' : '1-way'}`)),
                this.typingNote),
            h('div', {class: 'thread-actions'},
                this.muteButton(),
                patient ? h('button', {type: 'button', class: 'secondary profile',
                    onClick: () => this.actions.onProfile(patient.id)},
                icon('person'), h('span', {}, 'Profile')) : null,
                patient && this.timeline.isOwner ? this.fileButton(conversation.id)
                    : null,
                this.timeline.isOwner ? h('button', {type: 'button', class: 'secondary edit',
                    onClick: () => this.actions.onEdit(this.timeline.details)}, icon('edit'), h('span', {}, 'Edit'))
                    : null));
    }

    /** Mute: only mentions of me and urgent messages alert here; pressed while muted. */
    muteButton() {
        const muted = Boolean(this.timeline.details.muted);
        const button = h('button', {type: 'button', class: 'secondary mute', 'aria-pressed': String(muted),
            title: 'Mute: only mentions of you and urgent messages alert you here',
            onClick: async () => {
                const next = button.getAttribute('aria-pressed') !== 'true';
                button.disabled = true;
                try {
                    await api('PUT', `${this.timeline.path()}/muted`, {muted: next});
                    this.timeline.details.muted = next;
                    button.setAttribute('aria-pressed', String(next));
                    this.actions.onMuted(next);
                } catch (error) {
                    this.typingNote.textContent = error.message;
                } finally {
                    button.disabled = false;
                }
            }}, icon('bell'), h('span', {}, 'Mute'));
        return button;
    }

    /** "File to record": the messages go to the patient's record in the EHR, in the background (docs/fhir.md). */
    fileButton(conversationId) {
        const outcome = h('span', {class: 'file-outcome', role: 'status'});
        const button = h('button', {type: 'button', class: 'secondary file-to-record', onClick: async () => {
            button.disabled = true;
            try {
                await api('POST', `/api/v1/conversations/${conversationId}/file`);
                outcome.textContent = 'Filing to the record: a note follows here when it is done';
            } catch (e) {
                outcome.textContent = e.message;
            } finally {
                button.disabled = false;
            }
        }}, icon('record'), h('span', {}, 'File to record'));
        return h('span', {}, button, outcome);
    }

    showTyping(name) {
        this.typingNote.textContent = `${name} is typing…`;
        clearTimeout(this.typingTimer);
        this.typingTimer = setTimeout(() => {
            this.typingNote.textContent = '';
        }, TYPING_SHOWN_MS);
    }

    /**
     * Once the conversation is shown: on a wide screen the message box, to write at once; on a phone the heading, so
     * a screen reader announces the conversation without opening the keyboard.
     */
    focus() {
        if (WIDE.matches) {
            this.footer.focus();
        } else {
            this.header.querySelector('h2')?.focus();
        }
    }
}
