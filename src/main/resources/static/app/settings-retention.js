// Settings: retention. Policies (messages removed after a period or after discharge, legal holds) come with their own
// feature; this section is where they will be set.

import {h} from '../shared/dom.js';

export const retentionSection = {
    id: 'retention',
    title: 'Retention',
    render() {
        return h('p', {class: 'hint'}, 'Messages are kept until retention policies arrive in a coming version; they '
            + 'will be set here (a period per conversation kind, removal after discharge, legal holds).');
    },
};
