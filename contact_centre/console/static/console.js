// The console's live parts: the queue table and an open conversation's transcript, kept
// current by the /events Server-Sent Events stream. Values are set as text, never as HTML.
(function () {
  "use strict";
  var base = document.querySelector('meta[name="console-base"]').content;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var pageKind = document.body.dataset.page;
  var status = document.getElementById("live-status");
  var rows = [];

  function setStatus(text, ok) {
    if (!status) return;
    status.textContent = text;
    status.className = "status " + (ok ? "live" : "down");
  }

  function cell(tr, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }

  function waited(createdAt) {
    var seconds = Math.max(0, Math.floor((Date.now() - Date.parse(createdAt)) / 1000));
    return Math.floor(seconds / 60) + " min " + String(seconds % 60).padStart(2, "0") + " s";
  }

  function renderQueue() {
    var body = document.getElementById("queue-rows");
    if (!body) return;
    body.replaceChildren();
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.dataset.handoff = r.id;
      tr.dataset.conversation = r.conversation_id;
      tr.className = "priority-" + r.priority + (r.overdue ? " overdue" : "") + " state-" + r.state;
      cell(tr, r.priority_label, "priority");
      var link = document.createElement("a");
      link.href = base + "/conversations/" + r.id;
      link.textContent = r.conversation_id;
      cell(tr, "").appendChild(link);
      cell(tr, r.channel);
      cell(tr, r.reason_label);
      cell(tr, r.state === "waiting" ? waited(r.created_at) : "", "waited").dataset.created = r.created_at;
      var due = new Date(r.sla_due_at);
      cell(tr, (Date.now() > due && r.state === "waiting" ? "overdue since " : "by ") + due.toLocaleTimeString());
      cell(tr, r.state === "claimed" ? "claimed by " + r.claimed_by : r.state);
      var actions = cell(tr, "");
      if (r.state === "waiting") {
        var form = document.createElement("form");
        form.method = "post";
        form.action = base + "/conversations/" + r.id + "/claim";
        var token = document.createElement("input");
        token.type = "hidden";
        token.name = "csrf_token";
        token.value = csrf;
        var button = document.createElement("button");
        button.type = "submit";
        button.textContent = "Claim";
        button.className = "claim";
        form.append(token, button);
        actions.appendChild(form);
      }
      body.appendChild(tr);
    });
    var empty = document.getElementById("queue-empty");
    if (empty) empty.hidden = rows.some(function (r) { return r.state === "waiting"; });
  }

  function refreshTranscript() {
    var box = document.getElementById("transcript");
    if (!box) return;
    fetch(box.dataset.src, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) box.innerHTML = html; }); // server-escaped fragment
  }

  if (pageKind === "queue") {
    var initial = document.getElementById("queue-initial");
    rows = initial ? JSON.parse(initial.textContent).filter(Boolean) : [];
    renderQueue();
    setInterval(function () {
      document.querySelectorAll("td.waited").forEach(function (td) {
        if (td.textContent) td.textContent = waited(td.dataset.created);
      });
    }, 1000);
  }

  if (pageKind === "queue" || pageKind === "conversation") {
    var source = new EventSource(base + "/events");
    source.addEventListener("open", function () { setStatus("live", true); });
    source.addEventListener("error", function () { setStatus("reconnecting…", false); });
    source.addEventListener("queue", function (event) {
      setStatus("live", true);
      var data = JSON.parse(event.data);
      if (pageKind === "queue") {
        rows = data.queue;
        renderQueue();
      } else {
        refreshTranscript();
      }
    });
  }
})();
