"""Broken packs, part 1: YAML syntax, encodings, hostile YAML, files, the corpus, the manifest."""

from __future__ import annotations

from tests.hardening import mutations as m
from tests.hardening.basepack import EVENTS
from tests.hardening.basepack import line as at
from tests.hardening.cases import Case as C

EV, MAN, CORPUS = "events.yaml", "manifest.yaml", "corpus.txt"
KIND = at(EV, "kind: treaty")
AFTER_EVENTS = len(EVENTS.splitlines()) + 1
BIG = 50 * 1024 * 1024
HUGE_INT = "9" * 100_000  # Python refuses int() of more than 4,300 digits by default
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(c)}: &{chr(c)} [{','.join(['*' + chr(c - 1)] * 9)}]\n" for c in range(98, 106)
)


def nested(depth: int) -> str:
    return "- id: deep\n  attributes: " + "[" * depth + "]" * depth + "\n"


def add_after_kind(text: str) -> m.Mutation:
    return m.replace(EV, "  kind: treaty\n", f"  kind: treaty\n{text}")


FILE_CASES = [
    # --- YAML syntax and encodings ------------------------------------------------------
    C(
        "invalid-yaml-unclosed-flow",
        m.replace(EV, "  places:\n", "  places: [\n"),
        f"{EV}:{at(EV, '- polity: ruritania')}: -: -: invalid YAML",
    ),
    C(
        "invalid-yaml-bad-indent",
        m.replace(EV, "  kind: treaty\n", "     kind: treaty\n"),
        f"{EV}:{KIND}: -: -: invalid YAML",
    ),
    C(
        "tab-indentation",
        m.replace(EV, "  kind: treaty\n", "\tkind: treaty\n"),
        f"{EV}:{KIND}: -: -: invalid YAML",
    ),
    C(
        "duplicate-yaml-key",
        add_after_kind("  title: Second title\n"),
        f"{EV}:{KIND + 1}: -: -: duplicate key 'title'",
    ),
    C(
        "nul-byte-in-yaml",
        m.replace(EV, "Treaty of friendship", "Treaty\x00of friendship"),
        f"{EV}:{at(EV, 'title: Treaty')}: -: -: control characters are not allowed",
    ),
    C(
        "yaml-not-utf8-latin1",
        m.replace_bytes(EV, b"Klow", "Kł\xf3w".encode("latin-1", "replace")),
        f"{EV}:{at(EV, 'label: Klow')}: -: -: not valid UTF-8",
    ),
    C(
        "manifest-utf16",
        lambda pack: (pack / MAN).write_bytes((pack / MAN).read_text().encode("utf-16")),
        f"{MAN}:1: -: -: not valid UTF-8",
    ),
    C(
        "bom-in-middle-of-yaml",
        m.replace(EV, "  kind: treaty\n", "  kind: \ufefftreaty\n"),
        f"{EV}:{KIND}: treaty-of-friendship: kind: should match pattern",
    ),
    C(
        "two-yaml-documents",
        m.append(EV, "---\n- id: second-document\n"),
        f"{EV}:{AFTER_EVENTS}: -: -: more than one YAML document",
    ),
    # --- hostile YAML -------------------------------------------------------------------
    C(
        "yaml-python-object-apply",
        m.replace(
            EV, "  kind: treaty\n", '  kind: !!python/object/apply:os.system ["touch PWNED"]\n'
        ),
        f"{EV}:{KIND}: -: -: YAML tags are not allowed",
    ),
    C(
        "yaml-python-name-tag",
        m.replace(MAN, "title: Hardening base pack", "title: !!python/name:os.system"),
        f"{MAN}:1: -: -: YAML tags are not allowed",
    ),
    C(
        "yaml-custom-include-tag",
        m.replace(EV, "  kind: treaty\n", "  kind: !include /etc/passwd\n"),
        f"{EV}:{KIND}: -: -: YAML tags are not allowed",
    ),
    C("yaml-billion-laughs", m.write(EV, BILLION_LAUGHS), f"{EV}:1: -: -: are not allowed"),
    C(
        "yaml-anchor-and-alias",
        add_after_kind("  seat: &s {polity: ruritania}\n  other: *s\n"),
        f"{EV}:{KIND + 1}: -: -: anchors (&s) are not allowed",
    ),
    C("yaml-deeply-nested", m.write(EV, nested(100_000)), f"{EV}:2: -: -: nesting"),
    C(
        "yaml-nested-40-levels",
        m.write(EV, nested(40)),
        f"{EV}:2: -: -: nesting deeper than 32 levels",
    ),
    C(
        "yaml-complex-key",
        add_after_kind("  ? [a, b]\n  : c\n"),
        f"{EV}:{KIND + 1}: -: -: mapping keys must be plain text",
    ),
    C(
        "yaml-huge-int",
        add_after_kind(f"  attributes: {{troops: {HUGE_INT}}}\n"),
        f"{EV}:{KIND + 1}: -: -: too large",
    ),
    # --- files and directories ----------------------------------------------------------
    C("manifest-missing", m.remove(MAN), f"{MAN}:0: -: -: required file is missing"),
    C(
        "manifest-is-a-list",
        m.write(MAN, "- title: A list, not a mapping\n"),
        f"{MAN}:1: -: -: expected a mapping",
    ),
    C("manifest-is-a-scalar", m.write(MAN, "just words\n"), f"{MAN}:1: -: -: expected a mapping"),
    C("manifest-is-a-directory", m.make_dir(MAN), f"{MAN}:0: -: -: not a regular file"),
    C("events-is-a-fifo", m.make_fifo(EV), f"{EV}:0: -: -: not a regular file"),
    C(
        "events-symlink-outside-pack",
        m.symlink_outside(EV, EVENTS),
        f"{EV}:0: -: -: symlink leading outside the pack",
    ),
    C(
        "corpus-symlink-etc-passwd",
        m.symlink_to(CORPUS, "/etc/passwd"),
        f"{CORPUS}:0: -: -: symlink leading outside the pack",
    ),
    C(
        "events-symlink-dotdot",
        m.symlink_to(EV, "../../../../../../../etc/hostname"),
        f"{EV}:0: -: -: symlink leading outside the pack",
    ),
    C(
        "events-symlink-loop",
        m.symlink_to(EV, EV),
        f"{EV}:0: -: -: symlink loop",
    ),
    C("events-dangling-symlink", m.symlink_to(EV, "nowhere.yaml"), f"{EV}:0: -: -: "),
    C(
        "events-is-a-mapping",
        m.write(EV, "id: treaty-of-friendship\ntitle: Not in a list\n"),
        f"{EV}:1: -: -: expected a list of records",
    ),
    C(
        "record-is-a-scalar",
        m.append(EV, "- just a string\n"),
        f"{EV}:{AFTER_EVENTS}: -: -: each record must be a mapping",
    ),
    C(
        "events-50-megabytes",
        m.big_file(EV, BIG, b"# a harmless comment line, but far too many of them\n"),
        f"{EV}:0: -: -: the limit is",
    ),
    C(
        "record-part-file-invalid",
        m.write("events-0002.yaml", "- id: part-event\n\ttitle: tab-indented\n"),
        "events-0002.yaml:2: -: -: invalid YAML",
    ),
    C(
        "record-part-file-duplicate-id",
        m.write("events-0002.yaml", EVENTS),
        "events-0002.yaml:1: treaty-of-friendship: id: duplicate id (first defined at",
    ),
    C(
        "record-part-symlink-outside",
        m.chain(m.write("events-0002.yaml", ""), m.symlink_outside("events-0002.yaml", EVENTS)),
        "events-0002.yaml:0: -: -: symlink leading outside the pack",
    ),
    # --- the corpus ---------------------------------------------------------------------
    C("corpus-missing", m.remove(CORPUS), f"{CORPUS}:0: -: -: required file is missing"),
    C("corpus-empty", m.write(CORPUS, ""), f"{CORPUS}:0: -: -: the corpus is empty"),
    C("corpus-blank-lines-only", m.write(CORPUS, "\n  \n\t\n"), f"{CORPUS}:0: -: -: empty"),
    C(
        "corpus-not-utf8",
        m.replace_bytes(CORPUS, b"common council", "commün council".encode("latin-1")),
        f"{CORPUS}:2: -: -: not valid UTF-8",
    ),
    C(
        "corpus-50-megabytes",
        m.big_file(CORPUS, BIG, b"The treaty ended in 1935 when Syldavia left the Entente.\n"),
        f"{CORPUS}:0: -: -: the limit is",
    ),
    C(
        "corpus-nul-byte",
        m.replace(CORPUS, "common council", "common\x00council"),
        f"{CORPUS}:2: -: -: control character",
    ),
    C(
        "corpus-path-traversal",
        m.replace(MAN, "corpus: corpus.txt", "corpus: ../../../etc/passwd"),
        f"{MAN}:{at(MAN, 'corpus:')}: -: corpus: should match pattern",
    ),
    # --- manifest fields ----------------------------------------------------------------
    C(
        "manifest-missing-title",
        m.replace(MAN, "title: Hardening base pack\n", ""),
        f"{MAN}:1: -: title: required field is missing",
    ),
    C(
        "manifest-no-sources",
        m.replace(
            MAN,
            "  - title: Sentences invented for the tests\n    author: histatlas tests\n"
            "    licence: CC0-1.0\n",
            "  []\n",
        ),
        f"{MAN}:{at(MAN, 'sources:') + 1}: -: sources: at least 1 item",
    ),
    C(
        "manifest-year-huge-int",
        m.replace(MAN, "  year: 1920", "  year: 100000000000000000000000000000"),
        f"{MAN}:{at(MAN, 'year: 1920')}: -: default_view.year: less than or equal to 9998",
    ),
    C(
        "manifest-horizon-reversed",
        m.replace(MAN, "  end: 1950", "  end: 1850"),
        f"{MAN}:{at(MAN, 'end: 1950')}: -: horizon.end: not after start",
    ),
]
