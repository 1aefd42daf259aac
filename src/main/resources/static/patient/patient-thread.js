// One conversation as its patient sees it: the messages (sender names as the server gives them — other patients
// arrive as "Another patient"), receipts on their own messages (the server sends staff's only), no notes about the
// conversation but the purge's (entry-kinds.js NOTES_FOR_EVERYONE), and the reply box only where the conversation accepts responses, otherwise a one-line note why. What
// it shows comes from the conversation's timeline model (../shared/timeline.js).

import {closedNote, ThreadFooter} from '../shared/composer.js';
import {h, icon, replaceChildren} from '../shared/dom.js';
import {ThreadMessages} from '../shared/thread-messages.js';

export class PatientThread {

    /** @param actions {onBack} */
    constructor(timeline, actions) {
        this.timeline = timeline;
        this.header = h('header', {class: 'thread-header'});
        this.messages = new ThreadMessages(timeline, {mayReply: () => timeline.details.conversation.acceptResponses});
        this.footer = new ThreadFooter(timeline, {
            mayWrite: () => timeline.details.conversation.acceptResponses,
            closedNote: () => closedNote(
                'Your care team has turned off replies here: you can read this conversation but not answer it.'),
        });
        this.element = h('section', {class: 'thread', 'aria-labelledby': 'thread-title', dataset: {id: timeline.id}},
            this.header, this.messages.element, this.footer.element);
        timeline.addEventListener('details', () => replaceChildren(this.header,
            h('button', {type: 'button', class: 'back secondary', 'aria-label': 'Back to your conversations',
                onClick: () => actions.onBack()}, icon('back')),
            h('h2', {id: 'thread-title', tabindex: '-1'}, timeline.details.conversation.topic || 'Your care team')));
    }

    /** Once shown: the heading, so a screen reader announces the conversation (phone first: no keyboard yet). */
    focus() {
        this.header.querySelector('h2')?.focus();
    }
}
