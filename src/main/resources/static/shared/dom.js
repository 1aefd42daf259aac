// Building DOM nodes from data without ever parsing data as HTML: every string becomes a text node or an
// attribute value. This is the only way the app puts user-supplied text on the page.

/**
 * Creates an element. `attrs` keys: `class`, `text` (textContent), `on<Event>` (listener), `dataset` (object),
 * booleans (set when true, removed when false), anything else as an attribute. Children: nodes, strings
 * (as text), null/false (skipped) or arrays of those.
 */
export function h(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) {
            continue;
        }
        if (key === 'class') {
            node.className = value;
        } else if (key === 'text') {
            node.textContent = value;
        } else if (key === 'dataset') {
            Object.assign(node.dataset, value);
        } else if (key.startsWith('on') && typeof value === 'function') {
            node.addEventListener(key.slice(2).toLowerCase(), value);
        } else if (value === true) {
            node.setAttribute(key, '');
        } else {
            node.setAttribute(key, String(value));
        }
    }
    append(node, children);
    return node;
}

function append(node, children) {
    for (const child of children) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        if (Array.isArray(child)) {
            append(node, child);
        } else if (child instanceof Node) {
            node.appendChild(child);
        } else {
            node.appendChild(document.createTextNode(String(child)));
        }
    }
}

/**
 * Runs `task` in a task of its own once the next frame is painted (not before: a hidden page paints no frame). For
 * work the first screen does not need, kept out of the task that builds it: on a phone every task over 50 ms blocks
 * input, and Lighthouse counts the excess (docs/performance.md, "The staff app's first start, traced").
 */
export function afterNextFrame(task) {
    requestAnimationFrame(() => setTimeout(task));
}

/**
 * Runs `task` once the browser is idle — after the frames and tasks already due — or after `timeoutMs` at the
 * latest; in a browser without `requestIdleCallback`, after the next frame. For what can wait until the page has
 * settled (the alerts explanation of a first start).
 */
export function whenIdle(task, timeoutMs) {
    if ('requestIdleCallback' in window) {
        requestIdleCallback(() => task(), {timeout: timeoutMs});
    } else {
        afterNextFrame(task);
    }
}

/** Replaces all children of `node`. */
export function replaceChildren(node, ...children) {
    node.replaceChildren();
    append(node, children);
}

/** An inline SVG icon from the sprite-free set below (paths are constants, never data). */
export function icon(name, label) {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('class', 'icon');
    svg.setAttribute('focusable', 'false');
    if (label) {
        svg.setAttribute('role', 'img');
        svg.setAttribute('aria-label', label);
    } else {
        svg.setAttribute('aria-hidden', 'true');
    }
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', ICONS[name]);
    svg.appendChild(path);
    return svg;
}

const ICONS = {
    check: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z',
    checks: 'M18 7l-1.4-1.4-6.3 6.3 1.4 1.4L18 7zm4.2-1.4L11.7 16.2 7.5 12l-1.4 1.4L11.7 19l12-12-1.5-1.4zM.4 13.4 6 19l1.4-1.4L1.8 12 .4 13.4z',
    trash: 'M6 19a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2V7H6v12zM19 4h-3.5l-1-1h-5l-1 1H5v2h14V4z',
    send: 'M2 21 23 12 2 3v7l15 2-15 2z',
    back: 'M20 11H7.8l5.6-5.6L12 4l-8 8 8 8 1.4-1.4L7.8 13H20z',
    person: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm0 2c-2.7 0-8 1.3-8 4v2h16v-2c0-2.7-5.3-4-8-4z',
    edit: 'M3 17.2V21h3.8l11-11-3.8-3.8-11 11zM20.7 7c.4-.4.4-1 0-1.4l-2.3-2.3a1 1 0 0 0-1.4 0l-1.8 1.8 3.8 3.8L20.7 7z',
    plus: 'M19 13h-6v6h-2v-6H5v-2h6V5h2v6h6v2z',
    // a sheet with a folded corner and two lines: filing to the patient's record
    record: 'M6 2h8l6 6v14H6zm8 1.5V9h5.5zM8 13v2h8v-2zm0 4v2h8v-2z',
    reply: 'M10 9V5l-7 7 7 7v-4.1c5 0 8.5 1.6 11 5.1-1-5-4-10-11-11z',
    clip: 'M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6h-1.5z',
    file: 'M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8l-6-6zm-1 7V3.5L18.5 9H13z',
    bell: 'M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2zm6-6V11c0-3.1-1.6-5.6-4.5-6.3V4a1.5 1.5 0 0 0-3 0v.7C7.6 5.4 6 7.9 6 11v5l-2 2v1h16v-1l-2-2z',
};
