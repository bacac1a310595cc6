"""The layout holds: layers import downwards only, no import cycles, no module over 400 lines.

The layers are those of ../shared/design/ARCHITECTURE.md: ``dashboard`` on top of ``events``
on top of ``geodata``; inside ``dashboard`` the entry points (the app, the command line) on top
of the panels, the app's cache, the exports, the map and, at the bottom, what a view is.
Function-level imports count: grimp reads every import statement of every module.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import grimp
import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("dashboard", "events", "geodata")
MAX_LINES = 400

DASHBOARD_LAYERS = (
    grimp.Layer("app", "cli"),
    "panels",
    "decades",
    "data",
    "export",
    "map",
    "view",
    "settings",
)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    # Imports only type checkers follow (under TYPE_CHECKING) never run: not part of cycles.
    return grimp.build_graph(*PACKAGES, cache_dir=None, exclude_type_checking_imports=True)


def _describe(illegal: set[grimp.PackageDependency]) -> list[str]:
    lines = []
    for dependency in illegal:
        for route in dependency.routes:
            chain = [*route.heads, *route.middle, *route.tails]
            lines.append(f"{dependency.importer} -> {dependency.imported}: {' -> '.join(chain)}")
    return sorted(lines)


def test_packages_import_downwards_only(graph: grimp.ImportGraph) -> None:
    illegal = graph.find_illegal_dependencies_for_layers(layers=PACKAGES)
    assert not illegal, _describe(illegal)


def test_dashboard_roles_import_downwards_only(graph: grimp.ImportGraph) -> None:
    illegal = graph.find_illegal_dependencies_for_layers(
        layers=DASHBOARD_LAYERS, containers={"dashboard"}
    )
    assert not illegal, _describe(illegal)


def test_the_layers_named_are_the_dashboard_subpackages(graph: grimp.ImportGraph) -> None:
    """A new room in dashboard/ must be placed in the layers above, not slip past the check."""
    named = set()
    for layer in DASHBOARD_LAYERS:
        tails = layer.module_tails if isinstance(layer, grimp.Layer) else {layer}
        named |= tails
    children = {m.removeprefix("dashboard.") for m in graph.find_children("dashboard")}
    assert children == named


def test_no_import_cycles(graph: grimp.ImportGraph) -> None:
    cycles = []
    for importer in sorted(graph.modules):
        if not importer.startswith(PACKAGES):
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if not imported.startswith(PACKAGES):
                continue
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                cycles.append(" -> ".join((importer, *back)))
    assert not cycles, "\n".join(cycles)


def test_cycle_check_sees_function_level_imports() -> None:
    """The check above would pass vacuously if grimp skipped imports inside functions."""
    graph = grimp.build_graph("dashboard", cache_dir=None)
    # dashboard.cli.serve_main imports the app's cache inside warm_default_view().
    assert graph.direct_import_exists(
        importer="dashboard.cli.serve_main", imported="dashboard.data"
    )


def _modules() -> list[Path]:
    return sorted(itertools.chain.from_iterable((REPO / name).rglob("*.py") for name in PACKAGES))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_module_size_and_docstring(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES, f"{path.name}: over {MAX_LINES} lines"
    assert text.lstrip().startswith('"""'), f"{path.name}: no module docstring"
