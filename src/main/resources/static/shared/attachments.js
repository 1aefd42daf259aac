// Attachments in the thread and in the composer. Files are uploaded as soon as they are picked, dropped or pasted
// (the server decides whether it takes them, from their content), shown as a preview while the text is written,
// and sent by naming their ids in the message. In the thread, images show as thumbnails that open a viewer; other
// files are links that download.

import {upload} from './api.js';
import {openDialog} from './dialog.js';
import {h, icon} from './dom.js';

/**
 * What the file picker offers; the server still decides from the content. HEIC is left out on purpose: phones then
 * hand over their photos as JPEG, which gets a thumbnail and shows in every browser (HEIC is only downloaded).
 */
export const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';
export const MAX_FILES = 5;

export function attachmentUrl(conversationId, attachment, thumbnail = false) {
    return `/api/v1/conversations/${encodeURIComponent(conversationId)}/attachments/`
        + `${encodeURIComponent(attachment.id)}${thumbnail ? '/thumbnail' : ''}`;
}

/** Whether the browser can show it in the page (the server re-encoded it, or it is a WebP). */
function showable(attachment) {
    return ['image/jpeg', 'image/png', 'image/webp'].includes(attachment.contentType);
}

export function fileSize(bytes) {
    if (bytes < 1024) {
        return `${bytes} B`;
    }
    return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const THUMBNAIL_PX = 160; // the longest side of a thumbnail in the thread (styles.css: .attachments .thumb img)

/** The attachments of a message in the thread: thumbnails for images, download links for the rest. */
export function attachmentList(conversationId, attachments) {
    if (!attachments?.length) {
        return null;
    }
    return h('ul', {class: 'attachments', 'aria-label': 'Attachments'}, ...attachments.map(a => h('li', {},
        showable(a)
            ? h('button', {type: 'button', class: 'thumb', title: a.name, onClick: () => openViewer(conversationId, a)},
                h('img', {src: attachmentUrl(conversationId, a, a.thumbnail), alt: a.name, loading: 'lazy',
                    ...thumbnailBox(a)}))
            : h('a', {class: 'file-link', href: attachmentUrl(conversationId, a), download: a.name},
                icon('file'), h('span', {}, a.name), h('span', {class: 'file-size'}, fileSize(a.size))))));
}

/**
 * The thumbnail's size in the thread, from the image's own (the server measures it): given as width and height, the
 * browser keeps its place before it loads, so a thread opened at its newest message stays there.
 */
function thumbnailBox(attachment) {
    const {width, height} = attachment;
    if (!width || !height) {
        return {width: THUMBNAIL_PX};
    }
    const scale = Math.min(1, THUMBNAIL_PX / Math.max(width, height));
    return {width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale))};
}

/** The full image in a dialog, with its name and a download link. */
export function openViewer(conversationId, attachment) {
    const url = attachmentUrl(conversationId, attachment);
    openDialog({title: attachment.name, className: 'viewer', content: [
        h('img', {class: 'viewer-image', src: url, alt: attachment.name}),
        h('p', {class: 'dialog-actions'},
            h('a', {class: 'button secondary', href: url, download: attachment.name}, 'Download')),
    ]});
}

/**
 * The composer's tray of files being attached. `onChange` is called whenever an upload starts, ends or is removed.
 * `ready()` lists the uploaded attachments; `busy()` says whether an upload is still running.
 */
export class AttachmentTray {

    constructor(conversationId, onChange) {
        this.conversationId = conversationId;
        this.onChange = onChange;
        this.items = [];
        this.error = h('p', {class: 'error attach-error', role: 'alert', hidden: true});
        this.list = h('ul', {class: 'tray', 'aria-label': 'Files to send'});
        this.element = h('div', {class: 'attach-tray', hidden: true}, this.list, this.error);
    }

    add(files) {
        this.showError('');
        for (const file of files) {
            if (this.items.length >= MAX_FILES) {
                this.showError(`A message carries at most ${MAX_FILES} files.`);
                break;
            }
            this.start(file);
        }
    }

    start(file) {
        const preview = file.type.startsWith('image/') ? URL.createObjectURL(file) : null;
        const item = {file, preview, attachment: null, state: 'uploading'};
        const status = h('span', {class: 'tray-state'}, 'Uploading…');
        const remove = h('button', {type: 'button', class: 'tray-remove', 'aria-label': `Remove ${file.name}`,
            onClick: () => this.remove(item)}, '×');
        item.node = h('li', {class: 'tray-item uploading'},
            preview ? h('img', {src: preview, alt: '', class: 'tray-preview'}) : icon('file'),
            h('span', {class: 'tray-name'}, file.name || 'Pasted image'), status, remove);
        this.items.push(item);
        this.list.appendChild(item.node);
        this.element.hidden = false;
        this.onChange();
        const path = `/api/v1/conversations/${encodeURIComponent(this.conversationId)}/attachments`;
        upload(path, file).then(attachment => {
            item.attachment = attachment;
            item.state = 'ready';
            item.node.classList.replace('uploading', 'ready');
            status.textContent = fileSize(attachment.size);
        }, refused => {
            this.remove(item);
            this.showError(`${file.name || 'The pasted image'}: ${refused.message}`);
        }).finally(() => this.onChange());
    }

    remove(item) {
        this.items = this.items.filter(i => i !== item);
        item.node.remove();
        if (item.preview) {
            URL.revokeObjectURL(item.preview);
        }
        this.element.hidden = this.items.length === 0 && this.error.hidden;
        this.onChange();
    }

    /** Empties the tray after a send (the previews' memory is released). */
    clear() {
        for (const item of [...this.items]) {
            this.remove(item);
        }
        this.showError('');
    }

    ready() {
        return this.items.filter(i => i.state === 'ready').map(i => i.attachment);
    }

    busy() {
        return this.items.some(i => i.state === 'uploading');
    }

    showError(text) {
        this.error.textContent = text;
        this.error.hidden = !text;
        this.element.hidden = this.items.length === 0 && !text;
    }
}
