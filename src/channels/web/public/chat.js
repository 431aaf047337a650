// Web chat for Trợ lý HTX: plain JS, no framework, nothing inline (strict CSP).
// The API is documented in src/channels/web/web-chat-route.ts and web-photo-routes.ts.
(function () {
  'use strict';

  const log = document.getElementById('log');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const send = document.getElementById('send');
  const attach = document.getElementById('attach');
  const photoInput = document.getElementById('photo-input');
  const notice = document.getElementById('notice');
  const noticeText = document.getElementById('notice-text');
  const retryButton = document.getElementById('retry');
  const dismissButton = document.getElementById('dismiss');

  // ---- storage that survives a reload (absent in some private modes) ----
  function stored(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode: this page only */ }
  }

  // ---- ids ----
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  /** A random UUID; crypto.randomUUID exists only on https and localhost, getRandomValues everywhere. */
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, function (x) { return x.toString(16).padStart(2, '0'); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  /** This browser's id: sent in the X-Client-Id header of every call, never in a URL. */
  const clientId = (function () {
    let id = stored('htx.clientId');
    if (!id || !UUID.test(id)) {
      id = uuid();
      store('htx.clientId', id);
    }
    return id.toLowerCase();
  })();
  const browserLang = navigator.language || 'vi';

  // ---- page strings (locales/<lang>/web.json, served at /web-i18n/<lang>.json) ----
  let lang = stored('htx.lang') || (/^en\b/i.test(browserLang) ? 'en' : 'vi');
  if (lang !== 'vi' && lang !== 'en') lang = 'vi';
  let strings = {};
  /** A string of the page in its language; a short bilingual fallback before the strings arrive. */
  function t(key, vars) {
    let s = strings[key];
    if (s === undefined) return key === 'retry' ? 'Thử lại / Retry' : 'Chưa gửi được — thử lại. / Not sent — please retry.';
    if (vars) Object.keys(vars).forEach(function (k) { s = s.split('{{' + k + '}}').join(String(vars[k])); });
    return s;
  }
  function applyStrings() {
    document.documentElement.lang = lang;
    if (strings.title) document.title = strings.title;
    document.querySelectorAll('[data-i18n]').forEach(function (el) { if (strings[el.dataset.i18n]) el.textContent = strings[el.dataset.i18n]; });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(function (el) { if (strings[el.dataset.i18nPlaceholder]) el.placeholder = strings[el.dataset.i18nPlaceholder]; });
    document.querySelectorAll('[data-i18n-aria-label]').forEach(function (el) { if (strings[el.dataset.i18nAriaLabel]) el.setAttribute('aria-label', strings[el.dataset.i18nAriaLabel]); });
    document.querySelectorAll('[data-i18n-title]').forEach(function (el) { if (strings[el.dataset.i18nTitle]) el.title = strings[el.dataset.i18nTitle]; });
    document.querySelectorAll('img[data-alt]').forEach(function (img) { img.alt = t(img.dataset.alt); });
  }
  function useLanguage(next) {
    return fetch('/web-i18n/' + next + '.json')
      .then(function (res) { return res.ok ? res.json() : Promise.reject(new Error('HTTP ' + res.status)); })
      .then(function (s) { strings = s; lang = next; applyStrings(); })
      .catch(function () { /* keep the current strings */ });
  }

  // ---- the API ----
  function headers(extra) {
    const h = { 'x-client-id': clientId };
    if (extra) Object.keys(extra).forEach(function (k) { h[k] = extra[k]; });
    return h;
  }
  /**
   * Calls the API; resolves { ok, status, body, retryable }. A network error, a 5xx or a 429 is
   * retryable (the same request may be sent again); any other 4xx is not.
   */
  function call(url, init) {
    return fetch(url, init).then(
      function (res) {
        return res.json().catch(function () { return {}; }).then(function (body) {
          return { ok: res.ok, status: res.status, body: body, retryable: res.status >= 500 || res.status === 429 };
        });
      },
      function () { return { ok: false, status: 0, body: {}, retryable: true }; },
    );
  }
  function postChat(payload) {
    payload.lang = browserLang;
    return call('/api/chat', { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify(payload) });
  }

  // ---- the conversation ----
  const shown = new Set(); // inbox ids already on the page
  let cursor = 0; // the inbox is read after this id
  let busy = false;

  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }
  function toBottom() {
    log.scrollTop = log.scrollHeight;
  }
  /** Scrolls so that the start of `el` is at the top of the conversation (a long answer is read from its top). */
  function revealStart(el) {
    log.scrollTop = Math.max(0, el.offsetTop - 8);
  }

  function bubble(kind, text) {
    const div = document.createElement('div');
    div.className = 'msg ' + kind;
    if (text) div.textContent = text;
    log.appendChild(div);
    return div;
  }
  function memberText(text) {
    const div = bubble('user', text);
    toBottom();
    return div;
  }
  function memberPhoto(src, caption) {
    const div = bubble('user photo');
    const img = document.createElement('img');
    img.dataset.alt = 'photoAlt';
    img.alt = t('photoAlt');
    img.addEventListener('load', function () { if (nearBottom() || div === log.lastElementChild) toBottom(); });
    if (src) img.src = src;
    div.appendChild(img);
    if (caption) {
      const p = document.createElement('div');
      p.className = 'caption';
      p.textContent = caption;
      div.appendChild(p);
    }
    toBottom();
    return { div: div, img: img };
  }
  /** A photo from the history: fetched with the header (an <img> cannot send it), shown from a blob. */
  function loadPhoto(id, view) {
    fetch('/api/chat/photo/' + encodeURIComponent(id), { headers: headers() })
      .then(function (res) { return res.ok ? res.blob() : Promise.reject(new Error('HTTP ' + res.status)); })
      .then(function (blob) { view.img.src = URL.createObjectURL(blob); })
      .catch(function () {
        view.img.remove();
        const p = document.createElement('div');
        p.className = 'missing';
        p.textContent = t('photoMissing');
        view.div.insertBefore(p, view.div.firstChild);
      });
  }
  function botReply(reply) {
    const div = bubble('bot', reply.text);
    if (reply.choices && reply.choices.length) {
      const box = document.createElement('div');
      box.className = 'choices';
      reply.choices.forEach(function (choice) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = choice.label;
        b.addEventListener('click', function () { sendChoice(choice); });
        box.appendChild(b);
      });
      div.appendChild(box);
    }
    return div;
  }
  /** Shows one inbox entry (history, polling); returns its element, or null if it shows nothing. */
  function showEntry(m) {
    if (m.from === 'bot' && m.reply) return botReply(m.reply);
    if (m.from !== 'member') return null;
    if (m.photo) {
      const view = memberPhoto(null, m.text);
      loadPhoto(m.photo, view);
      return view.div;
    }
    // The page's own /start on a first visit is not the member's words.
    if (!m.text || m.text === '/start') return null;
    return bubble('user', m.text);
  }

  let typing = null;
  function setBusy(value) {
    busy = value;
    send.disabled = value;
    attach.disabled = value;
    form.setAttribute('aria-busy', String(value));
    if (value && !typing) {
      typing = bubble('bot typing', '•••');
      typing.setAttribute('aria-hidden', 'true');
      toBottom();
    } else if (!value && typing) {
      typing.remove();
      typing = null;
    }
  }

  // ---- notices ----
  let retryAction = null;
  function showNotice(text, retry) {
    noticeText.textContent = text;
    retryAction = retry || null;
    retryButton.hidden = !retry;
    notice.hidden = false;
  }
  function hideNotice() {
    notice.hidden = true;
    retryAction = null;
  }
  retryButton.addEventListener('click', function () {
    const action = retryAction;
    hideNotice();
    if (action) action();
  });
  dismissButton.addEventListener('click', hideNotice);
  /** The notice for a failed call: retryable ones offer "Retry", others say why. */
  function failed(result, message, retry) {
    if (result.status === 429) showNotice(t('tooFast'), retry);
    else if (result.retryable) showNotice(t(message), retry);
    else showNotice(t('rejected', { reason: (result.body && result.body.error) || 'HTTP ' + result.status }), null);
  }

  /**
   * Shows what the server stored for a message: the member's own message (unless polling showed it
   * already), then the replies, the view landing on the start of the first reply.
   */
  function accepted(body, showMember) {
    const ids = body.ids || [];
    if (ids[0] === undefined || !shown.has(ids[0])) showMember();
    let first = null;
    body.replies.forEach(function (reply, i) {
      if (ids[i + 1] !== undefined && shown.has(ids[i + 1])) return;
      const el = botReply(reply);
      first = first || el;
    });
    ids.forEach(function (id) { shown.add(id); });
    if (first) revealStart(first);
    pollSoon();
  }

  // A typed message keeps its messageId while it waits in the box unchanged, so a retry is the same message.
  let pendingText = null;
  function sendText() {
    const raw = input.value;
    const text = raw.trim();
    if (!text || busy) return;
    if (!pendingText || pendingText.raw !== raw) pendingText = { raw: raw, messageId: uuid() };
    const messageId = pendingText.messageId;
    hideNotice();
    setBusy(true);
    input.readOnly = true;
    postChat({ messageId: messageId, text: text }).then(function (result) {
      setBusy(false);
      input.readOnly = false;
      if (!result.ok) return failed(result, 'sendFailed', sendText);
      if (pendingText && pendingText.messageId === messageId) pendingText = null;
      input.value = '';
      autosize();
      accepted(result.body, function () { memberText(text); });
      input.focus();
    });
  }

  function sendChoice(choice, messageId) {
    if (busy) return;
    const id = messageId || uuid();
    hideNotice();
    setBusy(true);
    postChat({ messageId: id, choice: choice.id }).then(function (result) {
      setBusy(false);
      if (!result.ok) return failed(result, 'choiceFailed', function () { sendChoice(choice, id); });
      accepted(result.body, function () { memberText(choice.label); });
      if (choice.id === 'lang:vi' || choice.id === 'lang:en') {
        store('htx.lang', choice.id.slice(5));
        useLanguage(choice.id.slice(5));
      }
    });
  }

  /** The page's first message on a first visit: the welcome and the menu in the browser's language. */
  function start(messageId) {
    const id = messageId || uuid();
    setBusy(true);
    postChat({ messageId: id, text: '/start' }).then(function (result) {
      setBusy(false);
      if (!result.ok) return failed(result, 'loadFailed', function () { start(id); });
      accepted(result.body, function () {});
    });
  }

  // ---- photos ----
  const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
  const SHRINK_ABOVE = 1.5 * 1024 * 1024;
  /** A large phone photo is shrunk (longest side 2048 px, JPEG) before it is sent: less data, under the limit. */
  function prepare(file) {
    if (file.size <= SHRINK_ABOVE || !window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file).then(function (bitmap) {
      const scale = Math.min(1, 2048 / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) { resolve(blob && blob.size < file.size ? blob : file); }, 'image/jpeg', 0.85);
      });
    }).catch(function () { return file; });
  }
  function uploadPhoto(blob) {
    const body = new FormData();
    body.append('photo', blob, blob.name || 'photo.jpg');
    return call('/api/chat/photo', { method: 'POST', headers: headers(), body: body });
  }
  /** Sends the chosen photos one after another; a failure stops there and "Retry" continues from it. */
  function sendPhotos(files, index, uploaded) {
    if (index >= files.length) return;
    if (busy) {
      // Chosen while a message was on its way: sent right after it.
      setTimeout(function () { sendPhotos(files, index, uploaded); }, 300);
      return;
    }
    const file = files[index];
    const next = function () { sendPhotos(files, index + 1, null); };
    hideNotice();
    setBusy(true);
    const ready = uploaded
      ? Promise.resolve(uploaded)
      : prepare(file).then(function (blob) {
        if (blob.size > MAX_PHOTO_BYTES) return { result: { ok: false, status: 413, body: {}, retryable: false } };
        return uploadPhoto(blob).then(function (result) { return { result: result, blob: blob }; });
      });
    ready.then(function (up) {
      if (!up.photo) {
        const r = up.result;
        if (!r.ok) {
          setBusy(false);
          const code = r.body && r.body.code;
          if (r.status === 413 || code === 'photo-too-large') return showNotice(t('photoTooLarge'), null);
          if (r.status === 415 || code === 'photo-type') return showNotice(t('photoType'), null);
          if (r.status === 429) return showNotice(t('photoRate'), function () { sendPhotos(files, index, null); });
          return failed(r, 'photoFailed', function () { sendPhotos(files, index, null); });
        }
        up = { photo: r.body.photo, messageId: uuid(), src: URL.createObjectURL(up.blob) };
      }
      return postChat({ messageId: up.messageId, photo: up.photo }).then(function (result) {
        setBusy(false);
        if (!result.ok) return failed(result, 'photoFailed', function () { sendPhotos(files, index, up); });
        accepted(result.body, function () { memberPhoto(up.src); });
        next();
      });
    });
  }
  attach.addEventListener('click', function () {
    if (!busy) photoInput.click();
  });
  photoInput.addEventListener('change', function () {
    const files = Array.from(photoInput.files || []);
    photoInput.value = '';
    sendPhotos(files, 0, null);
  });

  // ---- the composer ----
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    sendText();
  });
  // Enter sends, Shift+Enter is a new line; never while an input method (Telex, VNI…) is composing.
  let composing = false;
  input.addEventListener('compositionstart', function () { composing = true; });
  input.addEventListener('compositionend', function () { setTimeout(function () { composing = false; }, 0); });
  input.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' || event.shiftKey) return;
    if (event.isComposing || event.keyCode === 229 || composing) return;
    event.preventDefault();
    sendText();
  });
  /** The box grows with the text up to its CSS max-height, then scrolls. */
  function autosize() {
    input.style.height = '';
    if (input.value) input.style.height = input.scrollHeight + 2 + 'px';
  }
  input.addEventListener('input', autosize);

  // When the composer grows (a long text, a notice), a conversation read at its end stays at its end.
  if (window.ResizeObserver) {
    let height = log.clientHeight;
    new ResizeObserver(function () {
      const wasAtEnd = log.scrollHeight - log.scrollTop - height < 80;
      height = log.clientHeight;
      if (wasAtEnd) toBottom();
    }).observe(log);
  }

  // The keyboard on a phone shrinks the visible area: the page follows it so the composer stays in view.
  if (window.visualViewport) {
    const fit = function () {
      const stick = nearBottom();
      document.documentElement.style.setProperty('--app-height', window.visualViewport.height + 'px');
      if (stick) toBottom();
    };
    window.visualViewport.addEventListener('resize', fit);
  }

  // ---- staff answers (and anything stored while the page was closed) ----
  let polling = false;
  let pollTimer = null;
  function poll() {
    if (document.hidden || polling || busy) return;
    polling = true;
    const stick = nearBottom();
    call('/api/chat/inbox?after=' + cursor, { headers: headers() }).then(function (result) {
      polling = false;
      if (!result.ok || !result.body.messages) return;
      let first = null;
      result.body.messages.forEach(function (m) {
        cursor = Math.max(cursor, m.id);
        if (shown.has(m.id)) return;
        shown.add(m.id);
        const el = showEntry(m);
        first = first || el;
      });
      if (first && stick) revealStart(first);
    });
  }
  function pollSoon() {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, 50);
  }
  setInterval(poll, 3000);
  document.addEventListener('visibilitychange', function () { if (!document.hidden) poll(); });

  // ---- start: the page's strings, then the last messages (or the welcome on a first visit) ----
  useLanguage(lang).then(function () {
    return call('/api/chat/history', { headers: headers() });
  }).then(function (result) {
    const messages = (result.ok && result.body.messages) || [];
    messages.forEach(function (m) {
      cursor = Math.max(cursor, m.id);
      shown.add(m.id);
      showEntry(m);
    });
    toBottom();
    if (!result.ok) failed(result, 'loadFailed', function () { location.reload(); });
    else if (messages.length === 0) start();
  });
})();
