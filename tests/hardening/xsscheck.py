"""Finding injected markup in a page and all its frames (the map is in an iframe)."""

from __future__ import annotations

# Elements that exist only if a payload was parsed as HTML, and inline event handlers that
# call alert (neither Streamlit nor Leaflet writes any).
INJECTED = """() => {
    const found = [];
    const sel = 'img[src="x"], svg[onload], iframe[srcdoc*="<script>alert("], '
        + 'a[href^="javascript:" i]';
    for (const el of document.querySelectorAll(sel)) found.push(el.outerHTML.slice(0, 120));
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            if (attr.name.startsWith('on') && /alert/.test(attr.value)) {
                found.push(el.outerHTML.slice(0, 120));
            }
        }
    }
    for (const el of document.querySelectorAll('script')) {
        if (/alert\\(\\d+\\)/.test(el.textContent) && !el.type.includes('json')) {
            // a payload inside a script is only safe as data in a string literal
            const code = el.textContent.replace(/"(?:[^"\\\\]|\\\\.)*"/g, '""')
                .replace(/'(?:[^'\\\\]|\\\\.)*'/g, "''");
            if (/alert\\(\\d+\\)/.test(code)) found.push('script: ' + el.textContent.slice(0, 120));
        }
    }
    for (const el of document.querySelectorAll('style')) {
        if (el.textContent.includes('body{display:none}')) found.push('style payload');
    }
    return found;
}"""

# Hover and click every interactive map feature, collecting what each tooltip/popup injects.
CLICK_THROUGH_MAP = """(inject) => {
    const check = eval(inject);
    const found = [];
    const targets = [...document.querySelectorAll(
        'path.leaflet-interactive, .leaflet-marker-icon, .leaflet-interactive')];
    for (const el of targets) {
        const box = el.getBoundingClientRect();
        const at = {bubbles: true, cancelable: true, view: window,
            clientX: box.left + box.width / 2, clientY: box.top + box.height / 2};
        el.dispatchEvent(new MouseEvent('mouseover', at));
        el.dispatchEvent(new MouseEvent('click', at));
        found.push(...check());
        el.dispatchEvent(new MouseEvent('mouseout', at));
    }
    return {visited: targets.length, found: [...new Set(found)]};
}"""


def injected_anywhere(page) -> list[str]:
    """Injected markup in the page and in every frame it holds."""
    found: list[str] = []
    for frame in page.frames:
        try:
            found += [f"{frame.url[:60]}: {item}" for item in frame.evaluate(INJECTED)]
        except Exception as exc:  # a frame navigating away is not a finding; say so anyway
            if "detached" not in str(exc) and "destroyed" not in str(exc):
                raise
    return found


# Markdown that became markup: the pack's "[click me](...)" link or "![pixel](...)" image.
MARKDOWN = """() => [
    ...[...document.querySelectorAll('a')].filter(a => a.textContent.trim() === 'click me'),
    ...document.querySelectorAll('img[alt="pixel"]'),
].map(el => el.outerHTML.slice(0, 120))"""
