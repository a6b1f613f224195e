"""Bar charts drawn as inline SVG on the server: no charting library, nothing fetched."""

from __future__ import annotations

from html import escape

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 150
BAR_WIDTH = 300


def bar_chart(title: str, data: list[tuple[str, float]], *, unit: str = "") -> str:
    """A horizontal bar chart of (label, value) pairs, with an accessible title and a table
    fallback for screen readers."""
    if not data:
        caption = f"<figcaption>{escape(title)}</figcaption>"
        return f'<figure class="chart">{caption}<p class="empty">No data</p></figure>'
    top = max(value for _, value in data) or 1
    height = len(data) * (BAR_HEIGHT + GAP)
    width = LABEL_WIDTH + BAR_WIDTH + 60
    rows = []
    for i, (label, value) in enumerate(data):
        y = i * (BAR_HEIGHT + GAP)
        length = max(1.0, BAR_WIDTH * value / top) if value else 0
        shown = f"{value:g}{unit}"
        rows.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(str(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" rx="3"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 15}" class="value">{escape(shown)}</text>'
        )
    table = "".join(f"<tr><th>{escape(str(k))}</th><td>{v:g}{escape(unit)}</td></tr>" for k, v in data)
    return (
        f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet">{"".join(rows)}</svg>'
        f'<table class="sr-only">{table}</table></figure>'
    )
