// A throwaway dedicated worker started by format.js's warmUpFormats(): making the list row's formatters here loads
// ICU's locale data, which the browser keeps for the whole process, so the page makes its own in about a millisecond
// instead of paying the load on its main thread. Nothing is sent back: the worker closes itself once done.

new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit'}).format(0);
new Intl.DateTimeFormat(undefined, {day: 'numeric', month: 'short'}).format(0);
new Intl.NumberFormat().format(0);
close();
