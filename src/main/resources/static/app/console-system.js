// The console's system page: which CareChat runs, on which database, and how the SMTP server and the SMS centre took
// the last things given to them (on the node that answers).

import {consolePage, panel, table, when, yesNo} from './console-ui.js';
import {api} from '../shared/api.js';
import {h} from '../shared/dom.js';

const CHANNEL_NAMES = {email: 'E-mail (SMTP server)', sms: 'SMS (SMS centre)'};

export async function systemPage() {
    const s = await api('GET', '/api/v1/admin/system');
    const item = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? '—')];
    return consolePage('System',
        panel('CareChat', h('dl', {class: 'profile'}, item('Version', s.version), item('Java', s.java))),
        panel('Database', h('dl', {class: 'profile'},
            item('Storage', s.database.storage === 'sqlite' ? 'SQLite file (one node)' : 'PostgreSQL'),
            item('Server', `${s.database.product} ${s.database.version ?? ''}`.trim()),
            item('Schema version', s.database.schema),
            item('Cluster mode', yesNo(s.database.cluster)))),
        panel('Patient channels', table('SMTP server and SMS centre',
            ['Channel', 'Configured', 'Last sent', 'Last failure', 'Last error'],
            s.channels.map(c => [CHANNEL_NAMES[c.name] || c.name, yesNo(c.configured, 'yes', 'no'),
                when(c.lastSentAt, 'not since start'), when(c.lastFailedAt, 'none since start'),
                c.lastError ? h('span', {class: 'channel-error'}, c.lastError) : '—'])),
        h('p', {class: 'hint'}, 'Sends and failures are those of this server since it started.')));
}
