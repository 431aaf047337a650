// The ticket page works without this file; it only adds comfort. No inline scripts (the CSP forbids them).

// Buttons and links that only matter without JavaScript (insert a saved reply by reloading, refresh a delivery state).
function enhance(root) {
  for (const el of root.querySelectorAll('.no-js')) el.hidden = true;
}
document.addEventListener('DOMContentLoaded', () => enhance(document));
document.addEventListener('htmx:load', (event) => enhance(event.detail.elt));

// A saved reply chosen in the list goes into the answer box, where the cursor is.
document.addEventListener('change', (event) => {
  const select = event.target;
  if (!(select instanceof HTMLSelectElement) || !select.dataset.insertInto) return;
  const text = select.selectedOptions[0]?.dataset.text;
  const box = document.getElementById(select.dataset.insertInto);
  if (!text || !(box instanceof HTMLTextAreaElement)) return;
  const before = box.value.slice(0, box.selectionStart);
  const glue = before && !before.endsWith('\n') ? '\n' : '';
  box.setRangeText(glue + text, box.selectionStart, box.selectionEnd, 'end');
  box.focus();
  select.value = '';
});

// A refused action (a closed ticket, an empty box) answers 4xx with the page and the reason: show it.
document.addEventListener('htmx:beforeSwap', (event) => {
  const status = event.detail.xhr.status;
  if (status >= 400 && status < 500 && status !== 401 && status !== 403 && event.detail.target?.id === 'ticket') {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
