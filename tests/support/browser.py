"""Pages that record what they did: every request (to prove nothing left the machine), page
errors and dialogs; and a screenshot of the page when its test failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


class RequestLog:
    """Every URL the page asked for."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def outside(self, *, allowed: tuple[str, ...] = ()) -> list[str]:
        """Requests that left the machine (hosts in ``allowed`` excepted)."""
        return [
            u
            for u in self.urls
            if urlparse(u).scheme in {"http", "https", "ws", "wss"}
            and urlparse(u).hostname not in LOCAL_HOSTS
            and urlparse(u).hostname not in allowed
        ]


@dataclass
class Watched:
    """A page with every dialog, page error and request it caused recorded."""

    page: Any
    context: Any
    log: RequestLog = field(default_factory=RequestLog)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> list[str]:
        return self.log.urls

    def outside(self, *, allowed: tuple[str, ...] = ()) -> list[str]:
        return self.log.outside(allowed=allowed)


def watched_page(browser: Any, width: int = 1400, height: int = 900) -> Watched:
    """A new context and page (nothing shared with another test) that records everything;
    dialogs are dismissed (an XSS test sees them in ``dialogs``)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    seen = Watched(page, context)

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
    context.on("request", lambda req: seen.log.urls.append(req.url))
    return seen


def close(seen: Watched, node: Any, artifacts: Path) -> None:
    """Close the page's context, keeping a full-page screenshot if its test failed."""
    report = getattr(node, "rep_call", None)
    if report is not None and report.failed:
        seen.page.screenshot(path=str(artifacts / f"FAILED-{node.name}.png"), full_page=True)
    seen.context.close()
