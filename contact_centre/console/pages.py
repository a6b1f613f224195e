"""The console's HTML, escaped by construction: every value goes through `escape`."""

from __future__ import annotations

from datetime import datetime
from html import escape

from contact_centre.bank import CustomerProfile, HeldTransfer, TicketSummary
from contact_centre.console.charts import bar_chart
from contact_centre.domain import AgentView, HandoffView, NoteView
from contact_centre.figures import Figures
from contact_centre.transcript import TranscriptLine

REASON_LABELS = {
    "requested": "asked for a person",
    "misunderstood": "bot misunderstood twice",
    "complaint_high": "high-severity complaint",
    "auth_failed": "failed authentication",
    "fraud": "fraud: money not authorised",
}
PRIORITY_LABELS = {0: "top", 1: "urgent", 2: "high", 3: "normal"}


def _time(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S UTC") if at else ""


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = int(round(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def layout(base: str, title: str, body: str, *, agent: AgentView | None, csrf: str, script: str = "") -> str:
    nav = ""
    if agent is not None:
        dashboard = (
            f'<a href="{base}/dashboard">Dashboard</a><a href="{base}/agents">Agents</a>'
            f'<a href="{base}/held-transfers">Held transfers</a>'
            if agent.is_supervisor
            else ""
        )
        nav = (
            f'<nav><a href="{base}/queue">Queue</a>{dashboard}'
            f'<span class="who">{escape(agent.name)} ({escape(agent.role)})</span>'
            f'<form method="post" action="{base}/logout" class="inline">'
            f'<input type="hidden" name="csrf_token" value="{escape(csrf)}">'
            f'<button type="submit">Sign out</button></form></nav>'
        )
    js = f'<script src="{base}/static/console.js" defer></script>' if script else ""
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="csrf-token" content="{escape(csrf)}">'
        f'<meta name="console-base" content="{escape(base)}">'
        f"<title>{escape(title)} · Bank contact centre</title>"
        f'<link rel="stylesheet" href="{base}/static/console.css">{js}</head>'
        f'<body data-page="{escape(script)}"><header><h1>Contact centre</h1>{nav}</header>'
        f"<main>{body}</main></body></html>"
    )


def login(base: str, csrf: str, error: str | None = None, username: str = "") -> str:
    message = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    body = (
        f'<section class="card narrow"><h2>Sign in</h2>{message}'
        f'<form method="post" action="{base}/login">'
        f'<input type="hidden" name="csrf_token" value="{escape(csrf)}">'
        '<label>Username <input name="username" autocomplete="username" required '
        f'value="{escape(username)}"></label>'
        '<label>Password <input name="password" type="password" '
        'autocomplete="current-password" required></label>'
        '<button type="submit">Sign in</button></form></section>'
    )
    return layout(base, "Sign in", body, agent=None, csrf=csrf)


def queue_page(base: str, agent: AgentView, csrf: str, rows_json: str) -> str:
    body = (
        '<section class="card"><h2>Queue <span id="live-status" class="status">connecting…</span></h2>'
        '<table id="queue"><thead><tr><th>Priority</th><th>Conversation</th><th>Channel</th>'
        "<th>Reason</th><th>Waiting</th><th>SLA</th><th>State</th><th></th></tr></thead>"
        '<tbody id="queue-rows"></tbody></table>'
        '<p id="queue-empty" class="empty">Nobody is waiting.</p>'
        f'<script type="application/json" id="queue-initial">{rows_json}</script></section>'
    )
    return layout(base, "Queue", body, agent=agent, csrf=csrf, script="queue")


def _hidden(csrf: str) -> str:
    return f'<input type="hidden" name="csrf_token" value="{escape(csrf)}">'


def transcript_html(lines: list[TranscriptLine]) -> str:
    if not lines:
        return '<p class="empty">No messages yet.</p>'
    items = []
    for line in lines:
        who = {"customer": "Customer", "bot": "Bot", "agent": "Agent", "event": "—"}[line.speaker]
        if line.speaker == "agent" and line.detail:
            who = f"Agent {line.detail}"
        detail = (
            f'<span class="intent">{escape(line.detail)}</span>'
            if line.speaker == "customer" and line.detail
            else ""
        )
        items.append(
            f'<li class="turn {escape(line.speaker)}"><div class="meta"><b>{escape(who)}</b>'
            f'<span class="channel">{escape(line.channel or "?")}</span>'
            f"<time>{escape(_time(line.at))}</time>{detail}</div>"
            f'<div class="text">{escape(line.text)}</div></li>'
        )
    return f'<ol class="transcript">{"".join(items)}</ol>'


CHANGE_NAMES = {
    "profile.address_changed": "Address",
    "profile.email_changed": "E-mail",
    "profile.phone_changed": "Phone",
    "profile.language_changed": "Language",
    "profile.channel_changed": "Preferred channel",
    "security.signed_out_everywhere": "Signed out everywhere",
}


def profile_panel(profile: CustomerProfile) -> str:
    """The customer beside a handoff: who, how to reach them (masked by the house rule), their
    preferences and segment, and their last profile changes."""

    def row(label: str, value: str | None, element_id: str) -> str:
        shown = escape(value) if value else '<span class="empty">none</span>'
        return f'<dt>{label}</dt><dd id="{element_id}">{shown}</dd>'

    rows = "".join(
        [
            row("Name", profile.name, "profile-name"),
            row("Username", profile.username, "profile-username"),
            row("Phone", profile.phone_masked, "profile-phone"),
            row("E-mail", profile.email_masked, "profile-email"),
            row("Address", profile.address_masked, "profile-address"),
            row("Language", profile.language, "profile-language"),
            row("Preferred channel", profile.preferred_channel, "profile-channel"),
            row("Segment", profile.segment, "profile-segment"),
            row("Telegram", "linked" if profile.telegram_linked else "not linked", "profile-telegram"),
            row("Status", profile.status + (" · vulnerable" if profile.vulnerable else ""), "profile-status"),
        ]
    )
    changes = "".join(
        f"<li><time>{escape(_time(c.at))}</time> {escape(CHANGE_NAMES.get(c.action, c.action))}"
        + (f": {escape(c.old or '—')} → {escape(c.new or '—')}" if c.old or c.new else "")
        + f' <span class="channel">{escape(c.channel)}</span></li>'
        for c in profile.changes
    )
    last = f'<ol class="changes">{changes}</ol>' if changes else '<p class="empty">No recent changes.</p>'
    return f'<dl class="profile">{rows}</dl><h3>Last changes</h3><div id="profile-changes">{last}</div>'


def conversation_page(
    base: str,
    agent: AgentView,
    csrf: str,
    handoff: HandoffView,
    lines: list[TranscriptLine],
    notes: list[NoteView],
    profile: CustomerProfile | None,
    tickets: list[TicketSummary],
    staff: list[AgentView],
    now: datetime,
    error: str | None = None,
) -> str:
    hid = handoff.id
    url = f"{base}/conversations/{hid}"
    message = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    mine = handoff.claimed_by == agent.id or agent.is_supervisor
    actions = []
    if handoff.state == "waiting" or (handoff.state == "claimed" and handoff.claimed_by != agent.id):
        if handoff.state == "waiting":
            actions.append(
                f'<form method="post" action="{url}/claim">{_hidden(csrf)}'
                '<button id="claim">Claim</button></form>'
            )
    if handoff.state == "claimed" and mine:
        actions.append(
            f'<form method="post" action="{url}/reply" class="reply">{_hidden(csrf)}'
            '<label for="reply-text">Reply to the customer</label>'
            '<textarea id="reply-text" name="text" rows="3" maxlength="4000" required></textarea>'
            f'<button id="send-reply">Send on {escape(handoff.channel)}</button></form>'
        )
        actions.append(
            f'<form method="post" action="{url}/resolve">{_hidden(csrf)}'
            '<button id="resolve">Resolve</button></form>'
            f'<form method="post" action="{url}/return">{_hidden(csrf)}'
            '<button id="return-to-bot">Return to the bot</button></form>'
        )
    if agent.is_supervisor and handoff.is_open:
        options = "".join(
            f'<option value="{a.id}">{escape(a.username)} ({escape(a.role)})</option>'
            for a in staff
            if a.active
        )
        actions.append(
            f'<form method="post" action="{url}/reassign">{_hidden(csrf)}'
            f'<label>Reassign to <select name="agent_id">{options}</select></label>'
            '<button id="reassign">Reassign</button></form>'
        )
    note_items = "".join(
        f"<li><b>{escape(n.agent)}</b> <time>{escape(_time(n.created_at))}</time><p>{escape(n.text)}</p></li>"
        for n in notes
    )
    note_form = (
        f'<form method="post" action="{url}/note">{_hidden(csrf)}'
        '<label for="note-text">Internal note</label>'
        '<textarea id="note-text" name="text" rows="2" maxlength="4000" required></textarea>'
        '<button id="add-note">Add note</button></form>'
    )
    if profile is not None:
        customer = profile_panel(profile)
    else:
        customer = '<p class="empty">Not a known customer.</p>'
    ticket_rows = "".join(
        f"<tr><td>{escape(t.reference)}</td><td>{escape(t.category)}</td><td>{escape(t.severity)}</td>"
        f"<td>{escape(t.status)}</td><td>{escape(t.subject)}</td><td>{escape(_time(t.created_at))}</td></tr>"
        for t in tickets
    )
    tickets_html = (
        f"<table><tr><th>Ticket</th><th>Category</th><th>Severity</th><th>Status</th><th>Subject</th>"
        f"<th>Opened</th></tr>{ticket_rows}</table>"
        if tickets
        else '<p class="empty">No tickets.</p>'
    )
    holder = f" by {escape(handoff.claimed_by_name)}" if handoff.claimed_by_name else ""
    waited = _duration(handoff.waited(now).total_seconds())
    body = (
        f"{message}<div class=columns><section class=card>"
        f"<h2>{escape(handoff.conversation_id)}</h2>"
        f'<p class="summary">{escape(REASON_LABELS.get(handoff.reason, handoff.reason))} · '
        f"{escape(PRIORITY_LABELS.get(handoff.priority, str(handoff.priority)))} · "
        f"on {escape(handoff.channel)} · "
        f'<span id="state">{escape(handoff.state.replace("_", " "))}{holder}</span> · waited {waited}</p>'
        f'<div id="transcript" data-src="{url}/transcript">{transcript_html(lines)}</div>'
        f'<div class="actions">{"".join(actions)}</div></section>'
        f"<aside><section class=card><h3>Customer</h3>{customer}</section>"
        f"<section class=card><h3>Recent tickets</h3>{tickets_html}</section>"
        f'<section class=card><h3>Notes</h3><ul class="notes">{note_items}</ul>{note_form}</section>'
        "</aside></div>"
    )
    return layout(base, handoff.conversation_id, body, agent=agent, csrf=csrf, script="conversation")


def dashboard_page(base: str, agent: AgentView, csrf: str, figures: Figures, since: str, until: str) -> str:
    f = figures
    tiles = [
        ("Conversations", str(f.conversations)),
        ("Containment", _percent(f.containment_rate)),
        ("Handoff rate", _percent(f.handoff_rate)),
        ("Fallback rate", _percent(f.fallback_rate)),
        ("Average wait", _duration(f.average_wait_seconds)),
        ("Average handling", _duration(f.average_handle_seconds)),
        (
            "Satisfaction",
            "–"
            if f.satisfaction_average is None
            else f"{f.satisfaction_average:.2f} / 5 ({f.satisfaction_count})",
        ),
    ]
    tiles_html = "".join(
        f'<div class="tile" data-figure="{escape(name.lower().replace(" ", "-"))}">'
        f"<span>{escape(name)}</span>"
        f"<b>{escape(value)}</b></div>"
        for name, value in tiles
    )
    charts = [
        bar_chart("Conversations by channel", list(f.by_channel.items())),
        bar_chart("Conversations by language", list(f.by_language.items())),
        bar_chart("Handoff reasons", [(REASON_LABELS.get(k, k), v) for k, v in f.handoff_reasons.items()]),
        bar_chart("Top intents", list(f.top_intents)),
        bar_chart("Complaint categories", list(f.complaint_categories.items())),
        bar_chart("Satisfaction ratings", [(f"{k} ★", v) for k, v in f.satisfaction_distribution.items()]),
    ]
    query = f"since={escape(since)}&amp;until={escape(until)}"
    body = (
        '<section class="card"><h2>Service figures</h2>'
        f'<form method="get" action="{base}/dashboard" class="period">'
        f'<label>From <input type="date" name="since" value="{escape(since)}"></label>'
        f'<label>To (inclusive) <input type="date" name="until" value="{escape(until)}"></label>'
        '<button type="submit">Show</button>'
        f'<a href="{base}/dashboard?days=1">Today</a><a href="{base}/dashboard?days=7">7 days</a>'
        f'<a href="{base}/dashboard?days=30">30 days</a>'
        f'<a id="csv" href="{base}/dashboard.csv?{query}">Export CSV</a></form>'
        f'<div class="tiles">{tiles_html}</div><div class="charts">{"".join(charts)}</div></section>'
    )
    return layout(base, "Dashboard", body, agent=agent, csrf=csrf)


def agents_page(
    base: str, agent: AgentView, csrf: str, staff: list[AgentView], live: dict[int, int], notice: str | None
) -> str:
    message = f'<p class="notice" role="status">{escape(notice)}</p>' if notice else ""
    rows = "".join(
        f"<tr><td>{escape(a.username)}</td><td>{escape(a.name)}</td><td>{escape(a.role)}</td>"
        f"<td>{'active' if a.active else 'disabled'}</td><td>{live.get(a.id, 0)}</td><td>"
        f'<form method="post" action="{base}/agents/{a.id}/end-sessions" class="inline">{_hidden(csrf)}'
        f'<button type="submit" data-agent="{escape(a.username)}">End sessions</button></form></td></tr>'
        for a in staff
    )
    body = (
        f'<section class="card"><h2>Agents</h2>{message}'
        "<p>Ending an agent's sessions signs them out on every device and gateway at once.</p>"
        "<table><tr><th>Username</th><th>Name</th><th>Role</th><th>Account</th><th>Live sessions</th>"
        f"<th></th></tr>{rows}</table></section>"
    )
    return layout(base, "Agents", body, agent=agent, csrf=csrf)


def held_transfers_page(
    base: str, agent: AgentView, csrf: str, held: list[HeldTransfer], notice: str | None
) -> str:
    """Transfers the bank held for review, with why (the audit's risk signals): release pays it
    (funds and limits checked again), reject cancels it with the reason typed."""
    message = f'<p class="notice" role="status">{escape(notice)}</p>' if notice else ""
    rows = "".join(
        f'<tr data-transfer="{t.id}"><td>{t.id}</td><td>{t.customer_id}</td><td>{escape(t.counterparty)}</td>'
        f"<td>{escape(f'{t.amount:,.2f} {t.currency}')}</td><td>{escape(_time(t.created_at))}</td>"
        f"<td><ul>{''.join(f'<li>{escape(w)}</li>' for w in (t.why or t.reasons))}</ul></td><td>"
        f'<form method="post" action="{base}/held-transfers/{t.customer_id}/{t.id}/release" class="inline">'
        f'{_hidden(csrf)}<button type="submit">Release</button></form>'
        f'<form method="post" action="{base}/held-transfers/{t.customer_id}/{t.id}/reject" class="inline">'
        f'{_hidden(csrf)}<input name="why" required maxlength="150" placeholder="why" aria-label="why">'
        '<button type="submit">Reject</button></form></td></tr>'
        for t in held
    )
    table = (
        "<table><tr><th>Transfer</th><th>Customer</th><th>To</th><th>Amount</th><th>Held at</th>"
        f"<th>Why held</th><th></th></tr>{rows}</table>"
        if held
        else "<p>No transfer is waiting for review.</p>"
    )
    body = f'<section class="card"><h2>Held transfers</h2>{message}{table}</section>'
    return layout(base, "Held transfers", body, agent=agent, csrf=csrf)


def error_page(base: str, title: str, message: str, agent: AgentView | None, csrf: str) -> str:
    body = f'<section class="card narrow"><h2>{escape(title)}</h2><p>{escape(message)}</p></section>'
    return layout(base, title, body, agent=agent, csrf=csrf)
