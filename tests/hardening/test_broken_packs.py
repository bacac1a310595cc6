"""Every broken pack in the case table is refused: by the CLI, by load_pack and by the app.

The CLI must exit 1 with the case's ``path:line: record-id: field: message`` line, print no
traceback and no raw control characters, and finish within a bounded time; ``load_pack``
must raise PackError (never return a partly loaded pack); the app must show the problems
in an error panel instead of a map.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from events.pack import PackError, load_pack
from tests.app.helpers import run_app
from tests.hardening.cases import Case, all_cases
from tests.hardening.conftest import control_characters, run_cli

PACK_ENV = "HISTATLAS_PACK"
CASES = all_cases()


def _params(*, load: bool) -> list:
    params = []
    for case in CASES:
        marks = []
        if case.xfail and (case.xfail_load or not load):
            marks.append(pytest.mark.xfail(strict=True, reason=case.xfail))
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


def test_the_table_holds_at_least_forty_kinds_of_damage() -> None:
    assert len({case.id for case in CASES}) == len(CASES) >= 40


def test_the_base_pack_is_valid(base_pack: Path, tmp_path: Path) -> None:
    result = run_cli("validate", str(base_pack), cwd=tmp_path)
    assert result.code == 0, result.output
    assert "Traceback" not in result.output
    pack = load_pack(base_pack)
    assert [e.id for e in pack.events] == ["treaty-of-friendship"]
    assert pack.warnings == ()


@pytest.mark.parametrize("case", _params(load=False))
def test_validate_reports_the_damage(case: Case, base_pack: Path, tmp_path: Path) -> None:
    case.mutate(base_pack)
    result = run_cli("validate", str(base_pack), cwd=tmp_path)
    assert "Traceback" not in result.output
    assert result.code == 1, result.output
    expected = f"{base_pack}/{case.expected}"
    assert case.matches(result.output, str(base_pack)), f"want {expected!r} in:\n{result.output}"
    assert control_characters(result.output) == []
    assert not (tmp_path / "PWNED").exists(), "a YAML tag ran a command"


@pytest.mark.parametrize("case", _params(load=True))
def test_load_pack_refuses_the_whole_pack(case: Case, base_pack: Path) -> None:
    case.mutate(base_pack)
    with pytest.raises(PackError) as info:
        load_pack(base_pack)
    assert any(problem.is_error for problem in info.value.problems)


@pytest.mark.parametrize("case", _params(load=True))
def test_app_shows_the_problems_instead_of_a_map(
    case: Case, base_pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case.mutate(base_pack)
    monkeypatch.setenv(PACK_ENV, str(base_pack))
    at = run_app()
    assert not at.exception, [e.message for e in at.exception]
    assert at.error, "an error panel says the pack was refused"
    # The problems themselves may sit in the error box or in a code block under it.
    shown = "\n".join(str(el.value) for el in [*at.error, *at.code, *at.markdown])
    assert f"{case.file}:" in shown, f"the panel names the damaged file:\n{shown[:2000]}"
    maps = [
        el
        for el in at.get("component_instance")
        if el.proto.component_name == "streamlit_folium.st_folium"
    ]
    assert maps == [], "no map is drawn from a pack that failed validation"
