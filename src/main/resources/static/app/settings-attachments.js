// Settings: the files staff and patients may attach — which types, and how large, within this server's limits.

import {actionForm, labelled, statusLine} from './console-ui.js';
import {api} from '../shared/api.js';
import {h} from '../shared/dom.js';

const TYPE_NAMES = {'image/jpeg': 'JPEG photos', 'image/png': 'PNG images', 'image/heic': 'HEIC photos',
    'image/heif': 'HEIF photos', 'image/webp': 'WebP images', 'application/pdf': 'PDF documents'};
const MB = 1024 * 1024;

export const attachmentsSection = {
    id: 'attachments',
    title: 'Attachments',
    async render() {
        const settings = await api('GET', '/api/v1/orgs/current/attachment-types');
        const status = statusLine();
        const boxes = settings.installationTypes.map(type => labelled(TYPE_NAMES[type] || type,
            {id: `attachment-type-${type.replace(/\W/g, '-')}`, type: 'checkbox', value: type,
                checked: settings.allowedTypes.includes(type)}));
        const limitMb = Math.floor(settings.installationMaxFileBytes / MB);
        const size = labelled(`Largest file (MB, at most ${limitMb})`, {id: 'attachment-max-mb', type: 'number',
            min: 1, max: limitMb, value: Math.floor(settings.maxFileBytes / MB)});
        const types = h('fieldset', {class: 'choices-column'}, h('legend', {}, 'Types accepted'),
            boxes.map(b => b.wrap));
        return h('div', {}, actionForm('Save', [types, size.wrap], async () => {
            const megabytes = Number(size.input.value);
            await api('PUT', '/api/v1/orgs/current/attachment-types', {
                allowedTypes: boxes.filter(b => b.input.checked).map(b => b.input.value),
                maxFileBytes: megabytes >= limitMb ? null : megabytes * MB});
            status.say('Saved. Uploads from now on are checked against it.');
        }), status.element);
    },
};
