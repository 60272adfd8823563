"""Import arrows point down: foundation <- question_bank <- study <- trainer <- ui; no core package imports Qt."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys

from tests.conftest import REPO_ROOT


CORE_PACKAGES = ("foundation", "question_bank", "study", "trainer")
# What each package may not import, even lazily inside a function.
FORBIDDEN = {
    "foundation": ("question_bank", "study", "trainer", "ui"),
    "question_bank": ("study", "trainer", "ui"),
    "study": ("trainer", "ui"),
    "trainer": ("ui",),
}
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def _core_modules() -> list[str]:
    names = []
    for package in CORE_PACKAGES:
        names.append(package)
        for info in pkgutil.walk_packages([str(REPO_ROOT / package)], prefix=f"{package}."):
            if ".migrations" not in info.name:
                names.append(info.name)
    return names


def test_core_imports_no_qt_and_no_ui() -> None:
    modules = _core_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"core pulled in: {result.stdout}"
    assert len(modules) > 5


def test_core_sources_name_neither_qt_nor_ui_even_in_lazy_imports() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|PyQt[56]|shiboken6|ui)(\.|\s|$)", re.MULTILINE)
    offenders = [
        f"{path.relative_to(REPO_ROOT)}: {match.group(0).strip()}"
        for package in CORE_PACKAGES
        for path in sorted((REPO_ROOT / package).rglob("*.py"))
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_ui_never_runs_sql_itself() -> None:
    pattern = re.compile(r"session\.(execute|query)|text\(\s*[\"'](SELECT|INSERT|UPDATE|DELETE)")
    offenders = [
        str(path.relative_to(REPO_ROOT))
        for path in sorted((REPO_ROOT / "ui").rglob("*.py"))
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _imports(package: str) -> list[tuple[str, str]]:
    """(file, imported top-level package) for every import statement in a package, lazy ones included."""
    pattern = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_]\w*)", re.MULTILINE)
    return [
        (str(path.relative_to(REPO_ROOT)), match.group(1))
        for path in sorted((REPO_ROOT / package).rglob("*.py"))
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]


def test_import_arrows_point_down() -> None:
    offenders = [
        f"{path} imports {imported}"
        for package, forbidden in FORBIDDEN.items()
        for path, imported in _imports(package)
        if imported in forbidden or imported in QT
    ]
    assert offenders == []
    assert len(_imports("foundation")) > 10


def test_tests_need_nothing_beside_the_repository() -> None:
    """A fresh clone passes alone: no test reads the shared folder next to the checkout."""
    pattern = re.compile(r"""\.\./shared|parent\s*/\s*["']shared["']|["']shared["']\s*/""")
    offenders = [
        str(path.relative_to(REPO_ROOT))
        for path in sorted((REPO_ROOT / "tests").rglob("*.py"))
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
