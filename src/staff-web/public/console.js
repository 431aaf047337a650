// The console works without this file; it only adds comfort. No inline scripts (the CSP forbids them).
document.addEventListener('htmx:responseError', (event) => {
  // A session that ended while the page was open: go to the login form instead of failing silently.
  if (event.detail.xhr.status === 401) window.location.href = '/staff/login';
});
