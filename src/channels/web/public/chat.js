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
  const retryWait = document.getElementById('retry-wait');
  const dismissButton = document.getElementById('dismiss');
  const counter = document.getElementById('counter');
  const jump = document.getElementById('jump');

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
  /** A number as the page's language writes it (2.000 / 2,000). */
  function num(n) {
    return n.toLocaleString(lang === 'en' ? 'en-US' : 'vi-VN');
  }
  function applyStrings() {
    document.documentElement.lang = lang;
    showTitle();
    document.querySelectorAll('[data-i18n]').forEach(function (el) { if (strings[el.dataset.i18n]) el.textContent = strings[el.dataset.i18n]; });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(function (el) { if (strings[el.dataset.i18nPlaceholder]) el.placeholder = strings[el.dataset.i18nPlaceholder]; });
    document.querySelectorAll('[data-i18n-aria-label]').forEach(function (el) { if (strings[el.dataset.i18nAriaLabel]) el.setAttribute('aria-label', strings[el.dataset.i18nAriaLabel]); });
    document.querySelectorAll('[data-i18n-title]').forEach(function (el) { if (strings[el.dataset.i18nTitle]) el.title = strings[el.dataset.i18nTitle]; });
    document.querySelectorAll('img[data-alt]').forEach(function (img) { img.alt = t(img.dataset.alt); });
    showCount();
  }
  function useLanguage(next) {
    return fetch('/web-i18n/' + next + '.json')
      .then(function (res) { return res.ok ? res.json() : Promise.reject(new Error('HTTP ' + res.status)); })
      .then(function (s) { strings = s; lang = next; applyStrings(); })
      .catch(function () { /* keep the current strings */ });
  }
  /** Follows the member's language (a tapped or typed choice): the page's strings now, and on the next visit. */
  function switchLanguage(next) {
    if (next !== 'vi' && next !== 'en') return;
    store('htx.lang', next);
    if (next !== lang) useLanguage(next);
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
          return { ok: res.ok, status: res.status, body: body, retryable: res.status >= 500 || res.status === 429, retryAfter: res.headers.get('retry-after') };
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
  // Where the page put the view: 'end', or an element whose start is kept at the top (clamped at the
  // end, so a short reply shows with the bottom). A photo above it that finishes loading later pushes
  // it down; the view is put back each time, until the member scrolls by themselves.
  let anchor = null;
  function place() {
    if (anchor === 'end') log.scrollTop = log.scrollHeight;
    else if (anchor && anchor.isConnected) log.scrollTop = Math.max(0, anchor.offsetTop - 8);
    checkSeen();
  }
  function toBottom() {
    anchor = 'end';
    place();
  }
  /** Scrolls so that the start of `el` is at the top of the conversation (a long answer is read from its top). */
  function revealStart(el) {
    anchor = el;
    place();
  }
  // The member scrolling (finger, wheel, keys, scroll bar) takes over from the page.
  ['touchstart', 'wheel', 'keydown', 'mousedown'].forEach(function (type) {
    log.addEventListener(type, function () { anchor = null; }, { passive: true });
  });
  // A photo in the conversation finished loading ('load' does not bubble: caught on its way down).
  log.addEventListener('load', place, true);

  // ---- a new message below the view (a staff answer while the member reads further up) ----
  let unseen = null; // the first message that arrived below the view
  let unseenWhileHidden = 0; // staff messages that arrived while the tab was hidden
  function showTitle() {
    const title = strings.title || 'Trợ lý HTX';
    document.title = unseenWhileHidden ? '(' + unseenWhileHidden + ') ' + title : title;
  }
  /** Offers the "New message ↓" button for `el`, which arrived below the view. */
  function cue(el) {
    if (!unseen) unseen = el;
    jump.hidden = false;
  }
  /** The cue goes once the new message has come into view. */
  function checkSeen() {
    if (!unseen || unseen.getBoundingClientRect().top > log.getBoundingClientRect().bottom - 24) return;
    unseen = null;
    jump.hidden = true;
  }
  log.addEventListener('scroll', checkSeen, { passive: true });
  jump.addEventListener('click', function () {
    if (unseen) revealStart(unseen);
    // The button hides once used: the conversation keeps the keyboard focus.
    log.focus({ preventScroll: true });
  });

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
        place();
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
    stopCountdown();
    notice.hidden = false;
  }
  function hideNotice() {
    notice.hidden = true;
    retryAction = null;
    stopCountdown();
  }
  retryButton.addEventListener('click', function () {
    const action = retryAction;
    hideNotice();
    if (action) action();
  });
  dismissButton.addEventListener('click', hideNotice);
  /** The notice for a failed call: retryable ones offer "Retry", others say why. `textKept`: a typed text waits in the box. */
  function failed(result, message, retry, textKept) {
    if (result.status === 429) tooFast(result, retry, textKept);
    else if (result.retryable) showNotice(t(message), retry);
    else showNotice(t('rejected', { reason: (result.body && result.body.error) || 'HTTP ' + result.status }), null);
  }

  // ---- too many messages: the server says how long to wait ----
  let waitUntil = 0; // nothing is sent before this time (ms)
  let countdown = null;
  /** The seconds a 429 asks to wait: its body, else its Retry-After header, else the limits' minute. */
  function secondsToWait(result) {
    const fromBody = Number(result.body && result.body.retryAfterSeconds);
    const fromHeader = Number(result.retryAfter);
    const seconds = fromBody > 0 ? fromBody : fromHeader > 0 ? fromHeader : 60;
    return Math.ceil(seconds);
  }
  function tooFast(result, retry, textKept) {
    waitUntil = Date.now() + secondsToWait(result) * 1000;
    waiting(retry, textKept);
  }
  /** While a wait asked by the server runs: says how long is left, "Retry" counting down; false once it is over. */
  function waiting(retry, textKept) {
    const left = Math.ceil((waitUntil - Date.now()) / 1000);
    if (left <= 0) return false;
    const wait = left === 1 ? t('oneSecond') : t('seconds', { n: num(left) });
    showNotice(t(textKept ? 'tooFastText' : 'tooFast', { wait: wait }), retry);
    retryButton.disabled = true;
    tick();
    return true;
  }
  function tick() {
    const left = Math.ceil((waitUntil - Date.now()) / 1000);
    if (left <= 0) return stopCountdown();
    retryWait.textContent = ' (' + num(left) + ')';
    countdown = setTimeout(tick, 250);
  }
  function stopCountdown() {
    clearTimeout(countdown);
    countdown = null;
    retryWait.textContent = '';
    retryButton.disabled = false;
  }

  /**
   * Shows what the server stored for a message: the member's own message (unless polling showed it
   * already), then the replies, the view landing on the start of the first reply.
   */
  function accepted(body, showMember) {
    // A language chosen by typing ("English", "2" after /language) switches the page too.
    if (body.language) switchLanguage(body.language);
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
    const length = lengthOf(text);
    if (length > MAX_CHARS) {
      // Refused here, not by the bot: the box keeps the text to be shortened.
      showNotice(t('tooLong', { count: num(length), max: num(MAX_CHARS) }), null);
      return;
    }
    if (waiting(sendText, true)) return;
    if (!pendingText || pendingText.raw !== raw) pendingText = { raw: raw, messageId: uuid() };
    const messageId = pendingText.messageId;
    hideNotice();
    setBusy(true);
    input.readOnly = true;
    postChat({ messageId: messageId, text: text }).then(function (result) {
      setBusy(false);
      input.readOnly = false;
      if (!result.ok) return failed(result, 'sendFailed', sendText, true);
      if (pendingText && pendingText.messageId === messageId) pendingText = null;
      input.value = '';
      autosize();
      showCount();
      accepted(result.body, function () { memberText(text); });
      input.focus();
    });
  }

  function sendChoice(choice, messageId) {
    if (busy) return;
    const id = messageId || uuid();
    if (waiting(function () { sendChoice(choice, id); })) return;
    hideNotice();
    setBusy(true);
    postChat({ messageId: id, choice: choice.id }).then(function (result) {
      setBusy(false);
      if (!result.ok) return failed(result, 'choiceFailed', function () { sendChoice(choice, id); });
      accepted(result.body, function () { memberText(choice.label); });
      if (choice.id === 'lang:vi' || choice.id === 'lang:en') switchLanguage(choice.id.slice(5));
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
    if (waiting(function () { sendPhotos(files, index, uploaded); })) return;
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

  // The bot reads at most 2,000 characters (src/conversation/engine.ts MAX_INBOUND_CHARS, counted the
  // same way: code points of the trimmed text). Near it a counter shows; over it nothing is sent.
  const MAX_CHARS = 2000;
  const COUNT_FROM = 1800;
  function lengthOf(text) {
    return Array.from(text).length;
  }
  function showCount() {
    const length = lengthOf(input.value.trim());
    const over = length > MAX_CHARS;
    counter.hidden = length < COUNT_FROM;
    counter.textContent = counter.hidden ? '' : t(over ? 'counterOver' : 'counter', { count: num(length), max: num(MAX_CHARS), over: num(length - MAX_CHARS) });
    counter.classList.toggle('over', over);
    if (over) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
  input.addEventListener('input', showCount);

  // When the composer grows (a long text, a notice), the view stays where the page put it, and a
  // conversation read at its end stays at its end.
  if (window.ResizeObserver) {
    let height = log.clientHeight;
    new ResizeObserver(function () {
      const wasAtEnd = log.scrollHeight - log.scrollTop - height < 80;
      height = log.clientHeight;
      if (anchor) place();
      else if (wasAtEnd) toBottom();
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
  // A hidden tab asks less often: enough to mark its title when a staff answer arrives.
  const HIDDEN_POLL_MS = 15000;
  let polling = false;
  let pollTimer = null;
  let lastPoll = 0;
  function poll() {
    if (polling || busy) return;
    if (document.hidden && Date.now() - lastPoll < HIDDEN_POLL_MS) return;
    polling = true;
    lastPoll = Date.now();
    call('/api/chat/inbox?after=' + cursor, { headers: headers() }).then(function (result) {
      polling = false;
      if (!result.ok || !result.body.messages) return;
      const stick = nearBottom();
      let first = null;
      let firstStaff = null;
      let staff = 0;
      result.body.messages.forEach(function (m) {
        cursor = Math.max(cursor, m.id);
        if (shown.has(m.id)) return;
        shown.add(m.id);
        const el = showEntry(m);
        first = first || el;
        if (el && m.from === 'bot') {
          firstStaff = firstStaff || el;
          staff++;
        }
      });
      if (first && stick) revealStart(first);
      else if (firstStaff) cue(firstStaff);
      if (staff && document.hidden) {
        unseenWhileHidden += staff;
        showTitle();
      }
    });
  }
  function pollSoon() {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, 50);
  }
  setInterval(poll, 3000);
  document.addEventListener('visibilitychange', function () {
    if (document.hidden) return;
    unseenWhileHidden = 0;
    showTitle();
    poll();
  });

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
