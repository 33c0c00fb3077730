"""Server-side SVG charts: no JavaScript, no CDN, readable when printed for the 党建 report.

Text in the SVG goes through markupsafe.escape: labels are data (楼栋 names, categories).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

COLORS = ("#c8102e", "#e0693b", "#d9a21b", "#3b7dd8", "#2f9e6e", "#7a5cc7")


def _nice_max(value: int) -> int:
    if value <= 5:
        return max(value, 1)
    step: int = 10 ** (len(str(value)) - 1)  # a non-negative exponent: an int
    return ((value + step - 1) // step) * step


def bar_chart(
    data: Sequence[tuple[str, int]], *, title: str, width: int = 380, bar: int = 26
) -> Markup:
    """Horizontal bars, one per label: good for long Chinese labels on a phone.

    The viewBox is about as wide as a phone screen, so 14-unit text stays near 14 px there;
    every bar chart uses the same width, so two side by side show text at one size.
    """
    if not data:
        return Markup('<p class="empty">暂无数据</p>')
    label_w = min(150, 15 * max(len(label) for label, _ in data) + 12)
    top = max(v for _, v in data)
    scale = (width - label_w - 48) / _nice_max(top)
    height = len(data) * (bar + 8) + 8
    parts = [
        f'<svg class="chart bars" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(data):
        y = 8 + i * (bar + 8)
        w = max(value * scale, 1 if value else 0)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar * 0.68:.1f}" text-anchor="end" '
            f'font-size="15">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}" rx="3" '
            f'fill="{COLORS[i % len(COLORS)] if len(data) <= len(COLORS) else COLORS[0]}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar * 0.68:.1f}" font-size="15">'
            f"{value}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(
    data: Sequence[tuple[str, int]], *, title: str, width: int = 960, height: int = 230
) -> Markup:
    """Vertical columns over time (months): labels under each column.

    Wide, to fill its card on an office screen; a phone scrolls it sideways (.chart-scroll).
    """
    if not data:
        return Markup('<p class="empty">暂无数据</p>')
    top = _nice_max(max(v for _, v in data))
    left, bottom, head = 36, 32, 22
    plot_h = height - bottom - head
    slot = (width - left) / len(data)
    col = slot * 0.6
    parts = [
        f'<div class="chart-scroll"><svg class="chart columns" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{head + plot_h}" x2="{width}" y2="{head + plot_h}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{head + 5}" text-anchor="end" font-size="14">{top}</text>',
        f'<text x="{left - 6}" y="{head + plot_h}" text-anchor="end" font-size="14">0</text>',
    ]
    for i, (label, value) in enumerate(data):
        h = plot_h * value / top
        x = left + i * slot + (slot - col) / 2
        y = head + plot_h - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{col:.1f}" height="{h:.1f}" rx="2" '
            f'fill="{COLORS[3]}"/>'
        )
        if value:
            parts.append(
                f'<text x="{x + col / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                f'font-size="15">{value}</text>'
            )
        parts.append(
            f'<text x="{x + col / 2:.1f}" y="{height - 9}" text-anchor="middle" '
            f'font-size="15">{escape(label)}</text>'
        )
    parts.append("</svg></div>")
    return Markup("".join(parts))


def gauge(rate: float | None, *, label: str) -> Markup:
    """A ring showing one rate (响应率, 解决率 …); "—" when nothing was decided yet."""
    r, c = 34, 2 * 3.14159 * 34
    shown = "—" if rate is None else f"{rate:.0%}"
    dash = 0 if rate is None else c * max(0.0, min(rate, 1.0))
    color = COLORS[4] if (rate or 0) >= 0.9 else COLORS[2] if (rate or 0) >= 0.7 else COLORS[0]
    return Markup(
        f'<svg class="gauge" viewBox="0 0 90 90" role="img" aria-label="{escape(label)} {shown}" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<circle cx="45" cy="45" r="{r}" fill="none" stroke="#eee" stroke-width="10"/>'
        f'<circle cx="45" cy="45" r="{r}" fill="none" stroke="{color}" stroke-width="10" '
        f'stroke-dasharray="{dash:.1f} {c:.1f}" transform="rotate(-90 45 45)"/>'
        f'<text x="45" y="51" text-anchor="middle" font-size="18" font-weight="700">{shown}</text>'
        "</svg>"
    )
