// How long a text is as SMS, counted as the server sends it (sms/SmsText.java): the GSM 7-bit alphabet when every
// character is in it (its extension table's characters take two), else UCS-2; one SMS holds 160 GSM characters or 70
// UCS-2 units, a longer text goes as parts of 153 or 67, and a part never ends inside a character.

const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿'
    + 'abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '\f^{}\\[~]|€';

/** {characters, encoding: 'gsm7' | 'ucs2', parts} of `text` as the server would send it. */
export function smsLength(text) {
    const characters = [...text].length;
    const gsm = [...text].every(c => c !== '\u001b' && (GSM_BASIC.includes(c) || GSM_EXTENDED.includes(c)));
    const units = gsm
        ? [...text].map(c => (GSM_BASIC.includes(c) ? 1 : 2))
        : [...text].map(c => c.length); // a character outside the basic plane is a surrogate pair: two units
    const single = gsm ? 160 : 70;
    const perPart = gsm ? 153 : 67;
    const total = units.reduce((sum, n) => sum + n, 0);
    let parts = 1;
    if (total > single) {
        parts = 0;
        let used = perPart;
        for (const n of units) {
            if (used + n > perPart) {
                parts++;
                used = 0;
            }
            used += n;
        }
    }
    return {characters, encoding: gsm ? 'gsm7' : 'ucs2', parts};
}
