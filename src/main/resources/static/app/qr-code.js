// A QR code drawn as SVG squares from the rows of modules the server encoded ('1' dark), with the quiet zone around
// it: built element by element, never from markup.

const SVG = 'http://www.w3.org/2000/svg';
const QUIET = 4;

/** An <svg> of `rows` (strings of '0'/'1'), labelled for screen readers with `label`. */
export function qrCode(rows, label) {
    const size = rows.length + 2 * QUIET;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
    svg.setAttribute('class', 'qr-code');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
    svg.setAttribute('shape-rendering', 'crispEdges');
    const background = document.createElementNS(SVG, 'rect');
    background.setAttribute('width', String(size));
    background.setAttribute('height', String(size));
    background.setAttribute('fill', '#fff');
    svg.appendChild(background);
    const path = document.createElementNS(SVG, 'path');
    let d = '';
    rows.forEach((row, y) => {
        for (let x = 0; x < row.length; x++) {
            if (row[x] === '1') {
                d += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
            }
        }
    });
    path.setAttribute('d', d);
    path.setAttribute('fill', '#000');
    svg.appendChild(path);
    return svg;
}
