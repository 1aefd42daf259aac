// Settings: how patients are told of unread messages — the channels in the order they are tried, the daily window
// notices may go out in, quiet hours inside it, and the time zone both are read in.

import {actionForm, labelled, statusLine} from './console-ui.js';
import {api} from '../shared/api.js';
import {h} from '../shared/dom.js';

const ORDERS = [['sms,email', 'SMS, then e-mail'], ['email,sms', 'E-mail, then SMS'], ['sms', 'SMS only'],
    ['email', 'E-mail only'], ['', 'No notices']];

export const noticesSection = {
    id: 'notices',
    title: 'Notices to patients',
    async render() {
        const {notices} = await api('GET', '/api/v1/orgs/current');
        const status = statusLine();
        const channels = labelled('Channels', {id: 'notice-channels'}, {tag: 'select', options: ORDERS,
            hint: 'At most one notice a day, by the first channel that reaches the patient.'});
        channels.input.value = notices.channels.join(',');
        const windowStart = labelled('Notices from', {id: 'notice-window-start', type: 'time',
            value: notices.windowStart});
        const windowEnd = labelled('until', {id: 'notice-window-end', type: 'time', value: notices.windowEnd});
        const quietStart = labelled('Quiet hours from (optional)', {id: 'notice-quiet-start', type: 'time',
            value: notices.quietStart || ''});
        const quietEnd = labelled('until', {id: 'notice-quiet-end', type: 'time', value: notices.quietEnd || ''});
        const zone = labelled('Time zone', {id: 'notice-time-zone', value: notices.timeZone, maxlength: 64,
            autocomplete: 'off'}, {hint: 'As in Europe/London.'});
        const form = actionForm('Save', [channels.wrap,
            h('div', {class: 'field-row'}, windowStart.wrap, windowEnd.wrap),
            h('div', {class: 'field-row'}, quietStart.wrap, quietEnd.wrap), zone.wrap], async () => {
            await api('PATCH', '/api/v1/orgs/current', {notices: {
                channels: channels.input.value ? channels.input.value.split(',') : [],
                windowStart: windowStart.input.value, windowEnd: windowEnd.input.value,
                quietStart: quietStart.input.value || null, quietEnd: quietEnd.input.value || null,
                timeZone: zone.input.value.trim()}});
            status.say('Saved. The next round of notices follows the new rules.');
        });
        return h('div', {}, form, status.element);
    },
};
