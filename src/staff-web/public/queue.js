// The queue refreshes itself when a ticket is filed or changes (server-sent events), keeping the filters.
(() => {
  if (!('EventSource' in window)) return;
  const note = document.getElementById('live-note');
  const events = new EventSource('/staff/queue/events');
  events.addEventListener('changed', () => {
    const rows = document.getElementById('queue-rows');
    if (!rows || !window.htmx) return;
    window.htmx.ajax('GET', rows.dataset.refresh, { target: '#queue-rows', swap: 'outerHTML' }).then(() => {
      if (note) note.textContent = note.dataset.updated || '';
    });
  });
})();
