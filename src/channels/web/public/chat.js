// Web chat for Trợ lý HTX: plain JS, talks to POST /api/chat (see README).
(function () {
  'use strict';
  var log = document.getElementById('log');
  var form = document.getElementById('composer');
  var input = document.getElementById('text');
  var send = document.getElementById('send');
  var busy = false;

  function clientId() {
    var key = 'htx.clientId';
    var id = null;
    try { id = localStorage.getItem(key); } catch (e) { /* private mode */ }
    if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
      id = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + '-' + Math.random().toString(36).slice(2);
      id = id.replace(/[^A-Za-z0-9_-]/g, '');
      try { localStorage.setItem(key, id); } catch (e) { /* private mode */ }
    }
    return id;
  }
  var id = clientId();

  function bubble(kind, text) {
    var div = document.createElement('div');
    div.className = 'msg ' + kind;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function showReply(reply) {
    var div = bubble('bot', reply.text);
    if (reply.choices && reply.choices.length) {
      var box = document.createElement('div');
      box.className = 'choices';
      reply.choices.forEach(function (choice) {
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = choice.label;
        b.addEventListener('click', function () {
          if (busy) return;
          bubble('user', choice.label);
          post({ choice: choice.id });
        });
        box.appendChild(b);
      });
      div.appendChild(box);
    }
  }

  function setBusy(value) {
    busy = value;
    send.disabled = value;
  }

  function post(payload) {
    payload.clientId = id;
    setBusy(true);
    return fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload)
    }).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) throw new Error(body && body.error ? body.error : 'HTTP ' + res.status);
        body.replies.forEach(showReply);
      });
    }).catch(function () {
      bubble('error', 'Không gửi được tin nhắn. Vui lòng thử lại. / Could not send, please try again.');
    }).then(function () { setBusy(false); input.focus(); });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || busy) return;
    bubble('user', text);
    input.value = '';
    post({ text: text });
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit'));
    }
  });

  // Staff answers arrive while the page is open (or closed): fetch them every few seconds.
  var inboxKey = 'htx.inboxAfter';
  function inboxAfter() {
    try { return Number(localStorage.getItem(inboxKey)) || 0; } catch (e) { return 0; }
  }
  function pollInbox() {
    if (document.hidden) return;
    fetch('/api/chat/inbox?clientId=' + encodeURIComponent(id) + '&after=' + inboxAfter())
      .then(function (res) { return res.ok ? res.json() : { messages: [] }; })
      .then(function (body) {
        body.messages.forEach(function (m) {
          showReply(m.reply);
          try { localStorage.setItem(inboxKey, String(m.id)); } catch (e) { /* private mode */ }
        });
      })
      .catch(function () { /* offline: try again later */ });
  }
  setInterval(pollInbox, 3000);
  document.addEventListener('visibilitychange', pollInbox);

  post({ text: '/start' });
  pollInbox();
})();
