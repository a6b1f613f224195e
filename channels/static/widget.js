/* Bank chat widget: plain JavaScript, no build step. Embed with
 *   <link rel="stylesheet" href="/static/widget.css"><script src="/static/widget.js" data-lang="en" defer></script>
 * It talks to the gateway over a WebSocket (/ws), which knows the signed-in customer from the
 * session cookie. Every message gets a client-made id; unacknowledged messages are kept (also
 * across a page reload, in sessionStorage) and sent again after a reconnection. */
(function () {
  "use strict";
  var script = document.currentScript;
  var STRINGS = {
    en: { title: "Bank assistant", open: "Chat with us", placeholder: "Type your question…", send: "Send",
          online: "online", connecting: "reconnecting…", close: "Close", welcome: "Hello! How can I help you today?",
          guest: "You are not signed in: sign in to ask about your accounts." },
    zh: { title: "银行助手", open: "在线咨询", placeholder: "请输入您的问题…", send: "发送",
          online: "在线", connecting: "正在重新连接…", close: "关闭", welcome: "您好！请问有什么可以帮您？",
          guest: "您尚未登录：登录后可查询账户信息。" }
  };
  var lang = (script && script.dataset.lang) || ((navigator.language || "en").indexOf("zh") === 0 ? "zh" : "en");
  if (!STRINGS[lang]) lang = "en";
  var t = STRINGS[lang];
  var socketPath = (script && script.dataset.socket) || "/ws";
  var OUTBOX_KEY = "bankchat.outbox";
  var VISITOR_KEY = "bankchat.visitor";

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "m-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
  }
  function load(key, fallback) {
    try { var v = sessionStorage.getItem(key); return v ? JSON.parse(v) : fallback; } catch (e) { return fallback; }
  }
  function save(key, value) { try { sessionStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ } }

  var visitor = load(VISITOR_KEY, null) || newId();
  save(VISITOR_KEY, visitor);
  var outbox = load(OUTBOX_KEY, []);   // [{id, text, payload}] not yet acknowledged
  var socket = null, retry = 0, typingEl = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  var launcher = el("button", "bc-launcher", t.open);
  launcher.setAttribute("data-testid", "chat-launcher");
  var panel = el("section", "bc-panel");
  panel.hidden = true;
  panel.setAttribute("aria-label", t.title);
  panel.setAttribute("data-testid", "chat-panel");
  var header = el("div", "bc-header");
  var titleBox = el("div");
  titleBox.appendChild(el("strong", null, t.title));
  var status = el("div", "bc-status", t.connecting);
  status.setAttribute("data-testid", "chat-status");
  titleBox.appendChild(status);
  var closeBtn = el("button", null, "×");
  closeBtn.setAttribute("aria-label", t.close);
  header.appendChild(titleBox); header.appendChild(closeBtn);
  var log = el("div", "bc-log");
  log.setAttribute("role", "log"); log.setAttribute("aria-live", "polite");
  log.setAttribute("data-testid", "chat-log");
  var form = el("form", "bc-form");
  var input = el("input");
  input.placeholder = t.placeholder; input.setAttribute("aria-label", t.placeholder);
  input.setAttribute("data-testid", "chat-input"); input.maxLength = 2000;
  var sendBtn = el("button", null, t.send);
  sendBtn.type = "submit"; sendBtn.setAttribute("data-testid", "chat-send");
  form.appendChild(input); form.appendChild(sendBtn);
  panel.appendChild(header); panel.appendChild(log); panel.appendChild(form);

  function scroll() { log.scrollTop = log.scrollHeight; }
  function addBubble(cls, text, id) {
    var b = el("div", "bc-msg " + cls, text);
    if (id) b.setAttribute("data-id", id);
    log.insertBefore(b, typingEl && typingEl.parentNode === log ? typingEl : null);
    scroll();
    return b;
  }
  function setTyping(on) {
    if (on && !typingEl) {
      typingEl = el("div", "bc-typing");
      typingEl.setAttribute("data-testid", "chat-typing");
      typingEl.appendChild(el("span")); typingEl.appendChild(el("span")); typingEl.appendChild(el("span"));
      log.appendChild(typingEl); scroll();
    } else if (!on && typingEl) {
      typingEl.remove(); typingEl = null;
    }
  }
  function addChips(buttons) {
    var box = el("div", "bc-chips");
    buttons.forEach(function (b) {
      var chip = el("button", "bc-chip", b.title);
      chip.type = "button"; chip.setAttribute("data-testid", "chat-chip");
      chip.addEventListener("click", function () {
        Array.prototype.forEach.call(box.querySelectorAll("button"), function (c) { c.disabled = true; });
        send(b.title, b.payload);
      });
      box.appendChild(chip);
    });
    log.insertBefore(box, typingEl && typingEl.parentNode === log ? typingEl : null);
    scroll();
  }
  function showAnswer(messages) {
    (messages || []).forEach(function (m) {
      if (m.text) { var b = addBubble("bc-bot", m.text); b.setAttribute("data-testid", "chat-bot-message"); }
      if (m.buttons && m.buttons.length) addChips(m.buttons);
    });
  }
  function transmit(item) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "message", id: item.id, text: item.text, payload: item.payload || null }));
    }
  }
  function send(text, payload) {
    text = (text || "").trim();
    if (!text) return;
    var item = { id: newId(), text: text, payload: payload || null };
    outbox.push(item); save(OUTBOX_KEY, outbox);
    var b = addBubble("bc-user bc-pending", text, item.id);
    b.setAttribute("data-testid", "chat-user-message");
    transmit(item);
  }
  function acknowledge(id) {
    outbox = outbox.filter(function (m) { return m.id !== id; });
    save(OUTBOX_KEY, outbox);
    var b = log.querySelector('[data-id="' + id + '"]');
    if (b) b.classList.remove("bc-pending");
  }
  function onFrame(frame) {
    if (frame.type === "hello") {
      if (!frame.signed_in && !log.querySelector(".bc-guest")) addBubble("bc-bot bc-guest", t.guest);
      if (frame.suggestions && frame.suggestions.length && !log.querySelector(".bc-chips")) addChips(frame.suggestions);
    } else if (frame.type === "ack") {
      acknowledge(frame.id);
    } else if (frame.type === "typing") {
      setTyping(frame.on);
    } else if (frame.type === "answer") {
      setTyping(false); showAnswer(frame.messages);
    } else if (frame.type === "error") {
      setTyping(false); addBubble("bc-error", frame.text);
    }
  }
  function connect() {
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + socketPath +
      "?visitor=" + encodeURIComponent(visitor);
    socket = new WebSocket(url);
    socket.onopen = function () {
      retry = 0; status.textContent = t.online; panel.setAttribute("data-connected", "true");
      outbox.forEach(transmit);   // whatever was not acknowledged before the connection dropped
    };
    socket.onmessage = function (event) {
      try { onFrame(JSON.parse(event.data)); } catch (e) { /* ignore a frame we cannot read */ }
    };
    socket.onclose = function () {
      status.textContent = t.connecting; panel.setAttribute("data-connected", "false"); setTyping(false);
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, Math.min(500 * Math.pow(2, retry - 1), 8000));
    };
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); send(input.value); input.value = ""; input.focus(); });
  launcher.addEventListener("click", function () { panel.hidden = !panel.hidden; if (!panel.hidden) input.focus(); });
  closeBtn.addEventListener("click", function () { panel.hidden = true; });

  function mount() {
    document.body.appendChild(panel); document.body.appendChild(launcher);
    addBubble("bc-bot", t.welcome);
    outbox.forEach(function (m) { addBubble("bc-user bc-pending", m.text, m.id); });
    connect();
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);

  // For the page and for tests: open the panel, or drop the connection to try reconnection.
  window.BankChat = {
    open: function () { panel.hidden = false; },
    dropConnection: function () { if (socket) socket.close(); },
    pending: function () { return outbox.slice(); }
  };
})();
