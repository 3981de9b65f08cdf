"""The layout's promises: no import cycle anywhere in govtext, reading a model file never imports
training, and labelling needs no scikit-learn."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "govtext"


def test_no_import_cycles() -> None:
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("govtext", exclude_type_checking_imports=True)
    modules = sorted(graph.modules)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if not imported.startswith("govtext"):
                continue
            if imported == "govtext":  # the public facade; nothing inside imports it at run time
                continue
            if state.get(imported) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*path[path.index(imported) :], imported]))
            if imported not in state:
                visit(imported)
        path.pop()
        state[module] = 2

    for module in modules:
        if module not in state and module != "govtext":
            visit(module)


def test_no_module_is_too_long_without_a_reason() -> None:
    for file in PACKAGE.rglob("*.py"):
        text = file.read_text(encoding="utf-8")
        if text.count("\n") > 420:
            assert "Longer than" in text.split('"""')[1], f"{file}: over ~400 lines with no reason at its top"


def _imported_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_reading_a_model_file_imports_neither_training_nor_scikit_learn() -> None:
    loaded = _imported_after(
        "from govtext.modelfile.loader import load_predictor; load_predictor('ningbo').predict(['项目争速'])"
    )
    assert "govtext.training" not in loaded and "govtext.modelfile.bundled" not in loaded
    assert not any(name == "sklearn" or name.startswith("sklearn.") for name in loaded)
    # a small batch is summed in numpy: a one-sentence job does not pay for importing scipy.sparse
    assert "scipy.sparse" not in loaded


def test_the_classify_command_imports_no_training() -> None:
    loaded = _imported_after("import govtext.cli, govtext.cli.classify")
    assert "govtext.training" not in loaded and "govtext.model" not in loaded
