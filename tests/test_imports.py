"""The code base's layout holds: no import cycles, every module imports on its own, and
the layers point one way (README, "How it is built")."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.import_graph import PACKAGE, ROOT, cycles, graph, imported_names, modules

FEATURES = sorted(
    name
    for name, path in modules().items()
    if (path.parent / "services.py").exists() and name.count(".") == 1
)


def test_the_cycle_finder_finds_cycles():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(edges) == [["a", "b", "c"]]


def test_there_are_no_import_cycles():
    assert cycles(graph()) == []


def _importers_of(prefix: str) -> dict[str, set[str]]:
    return {
        name: {target for target in targets if target == prefix or target.startswith(prefix + ".")}
        for name, targets in graph().items()
    }


@pytest.mark.parametrize(
    ("layer", "may_import"),
    [
        # Domain-free tools know nothing of the app.
        ("webapp.utils", ("webapp.utils",)),
        # Printing knows the tools, and nothing of a feature or of HTTP.
        ("webapp.printing", ("webapp.printing", "webapp.utils")),
        # Models know only models.
        ("webapp.models", ("webapp.models",)),
        # Request plumbing knows the spine, the models and the tools, never a feature.
        (
            "webapp.web",
            (
                "webapp.web",
                "webapp.utils",
                "webapp.models",
                "webapp.extensions",
                "webapp.domain",
                "webapp.config",
                "webapp.keys",
            ),
        ),
        ("webapp.background", ("webapp.background", "webapp.extensions", "webapp.models")),
    ],
)
def test_each_layer_imports_only_what_is_below_it(layer, may_import):
    wrong = {
        f"{name} imports {target}"
        for name, targets in graph().items()
        if name == layer or name.startswith(layer + ".")
        for target in targets
        if target != PACKAGE
        and not any(target == allowed or target.startswith(allowed + ".") for allowed in may_import)
    }
    assert sorted(wrong) == []


def test_only_views_and_the_app_factory_import_views():
    """A feature's services, models and jobs load without any page."""
    allowed = {PACKAGE, "webapp.admin.views"}
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in graph().items()
        for target in targets
        if target.endswith(".views") and name not in allowed and not name.endswith(".views")
    )
    assert wrong == []


def test_every_feature_is_a_package_with_services():
    assert {"accounts", "campaigns", "classrooms", "letters", "petitions"} <= {
        name.split(".")[1] for name in FEATURES
    }


def _third_party_modules() -> list[str]:
    """What webapp/ imports from outside itself, as written ("sqlalchemy.orm",
    "flask_babel.gettext": a name that is not a module is left for the child)."""
    names = set()
    for path in modules().values():
        names.update(name for name in imported_names(path) if not name.startswith(PACKAGE))
    return sorted(name for name in names if name.split(".")[0] != "__future__")


# Each module is imported by a child forked from a process that has loaded only the
# third-party libraries (Flask, SQLAlchemy, WeasyPrint...): as fresh as a new
# interpreter as far as webapp/ goes, at a fraction of a new interpreter's cost.
_FORK_EACH = textwrap.dedent(
    """
    import importlib, os, sys, traceback
    for name in sys.argv[2].split(","):
        try:
            importlib.import_module(name)
        except (ImportError, TypeError):
            pass
    running, failed = {}, []

    def reap():
        pid, status = os.wait()
        name, read = running.pop(pid)
        with os.fdopen(read) as pipe:
            error = pipe.read()
        if status:
            failed.append(f"== {name}\\n{error}")

    for name in sys.argv[1].split(","):
        if len(running) >= (os.cpu_count() or 1):
            reap()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                importlib.import_module(name)
            except BaseException:
                os.write(write, traceback.format_exc(limit=3).encode())
                os._exit(1)
            os._exit(0)
        os.close(write)
        running[pid] = (name, read)
    while running:
        reap()
    print("\\n".join(failed))
    sys.exit(1 if failed else 0)
    """
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (Linux, macOS)")
def test_every_module_imports_on_its_own(tmp_path):
    """`import webapp.campaigns` and every other module, each alone, with nothing of
    webapp/ loaded before it: an import cycle or a missing import fails here."""
    names = sorted(name for name in modules() if name != PACKAGE) + [PACKAGE]
    result = subprocess.run(
        [sys.executable, "-c", _FORK_EACH, ",".join(names), ",".join(_third_party_modules())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        # Compiled modules kept for the next child (in a folder of the test's own):
        # compiling webapp/ again for each was most of the time.
        env={
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "PYTHONPATH": str(ROOT),
            "PYTHONPYCACHEPREFIX": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
