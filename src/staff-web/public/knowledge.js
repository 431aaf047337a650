// The knowledge editor works without this file; it only adds comfort. No inline scripts (the CSP forbids them).

// Leaving the edit form (the language toggle, a menu link, closing the tab) with unsaved text asks first.
// A form the server sent back with what was typed (refused, a row added, a preview) is unsaved from the start.
const form = document.getElementById('kf-form');
if (form instanceof HTMLFormElement) {
  let changed = form.dataset.unsaved === '1';
  let submitting = false;
  form.addEventListener('input', () => {
    changed = true;
  });
  form.addEventListener('change', () => {
    changed = true;
  });
  // Its own buttons (save, add or remove a row, preview without htmx) take the text along.
  form.addEventListener('submit', () => {
    submitting = true;
  });
  window.addEventListener('beforeunload', (event) => {
    if (!changed || submitting) return;
    event.preventDefault();
    // Older browsers show their own sentence only when returnValue is set.
    event.returnValue = form.dataset.leave || '';
  });
  // A form that went back without leaving (a page kept in the back/forward cache) counts as open again.
  window.addEventListener('pageshow', () => {
    submitting = false;
  });
}

// Retiring an entry and an admin's rollback act at once: ask first. Confirmed, the form says so
// (confirmed=1) and the server skips its own confirmation page (the one shown without JavaScript).
document.addEventListener('submit', (event) => {
  const target = event.target;
  if (!(target instanceof HTMLFormElement) || !target.dataset.confirm) return;
  if (!window.confirm(target.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  if (!target.querySelector('input[name="confirmed"]')) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = 'confirmed';
    input.value = '1';
    target.append(input);
  }
});

// The preview arrives under a long form: on a phone it would be off screen. Take the reader to its heading.
document.addEventListener('htmx:afterSwap', (event) => {
  if (event.detail.target?.id !== 'kb-preview') return;
  const heading = document.getElementById('kb-preview-title');
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
  heading.scrollIntoView({ block: 'start' });
});
