"""The broken-pack table: one kind of damage per case and the problem line it must produce.

A case's ``expected`` is the problem line ``histatlas validate`` must print, without the pack
directory in front: ``file:line: record-id: field: message-fragment`` (``*`` for any record
id or field; line 0 means the file as a whole). Lines are looked up in the base files by
text (``basepack.line``), so editing the base pack cannot silently shift them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.hardening.mutations import Mutation


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Mutation
    expected: str
    xfail: str | None = None  # why the loader is known to get the message wrong
    # With xfail: load_pack too gets it wrong (raises something else, or returns a Pack).
    xfail_load: bool = False

    @property
    def file(self) -> str:
        return self.expected.split(":", 1)[0]

    def matches(self, text: str, shown_root: str) -> bool:
        """True when a line of ``text`` is this case's problem for the pack shown as root."""
        location, record, field, fragment = self.expected.split(": ", 3)
        for problem in text.splitlines():
            head = f"{shown_root}/{location}: "
            if not problem.startswith(head):
                continue
            parts = problem[len(head) :].split(": ", 2)
            if len(parts) < 3:
                continue
            if record in ("*", parts[0]) and field in ("*", parts[1]) and fragment in parts[2]:
                return True
        return False


def all_cases() -> list[Case]:
    from tests.hardening.cases_files import FILE_CASES
    from tests.hardening.cases_records import RECORD_CASES

    return [*FILE_CASES, *RECORD_CASES]
