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


# Where `ui/` may open sessions itself, and why: the operation layer is the one door for widget code;
# the demo builder is data set-up (it fills a database for the screenshots and tests before any window
# exists); the trainer's command line runs without Qt, one transaction per command.
SESSION_OPENERS = ("ui/operations.py", "ui/demo.py", "ui/trainer_cli.py")
_SESSION_USE = re.compile(
    r"\w*factory\(\)\s*(?:as\b|\()"  # opening a session: `with factory() as s`, `ctx.session_factory()()`
    r"|\bctx\.session_factory\b"  # widget code reaching past the layer for the UiContext's sessionmaker
    r"|\b(?:session|s)\.(?:scalars|scalar|get|add|add_all|execute|query|delete|merge|flush|commit|begin)\("
    r"|\bsessionmaker\("
)


def _session_uses(source: str) -> list[str]:
    return [match.group(0) for match in _SESSION_USE.finditer(source)]


def test_ui_opens_no_session_outside_the_operation_layer() -> None:
    offenders = [
        f"{path.relative_to(REPO_ROOT)}: {use}"
        for path in sorted((REPO_ROOT / "ui").rglob("*.py"))
        if path.relative_to(REPO_ROOT).as_posix() not in SESSION_OPENERS
        for use in _session_uses(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    layer = (REPO_ROOT / "ui" / "operations.py").read_text(encoding="utf-8")
    assert _session_uses(layer), "the check must recognise how the layer itself opens sessions"


def test_session_check_is_precise() -> None:
    flagged = [
        "with self.ctx.session_factory() as session, session.begin():",
        "rows = session.scalars(select(Row))",
        "row = s.get(QuestionRow, 1)",
        "session.add(row)",
        "session.execute(text('SELECT 1'))",
        "factory = ctx.session_factory",
    ]
    ignored = [
        "geometry = self.ctx.settings.value(GEOMETRY_KEY)",
        "page = self._pages.get(name)",
        "labels.get(key, '')",
        "factory = context.session_factory()  # the AppContext builds the one sessionmaker",
        "board = self.ctx.ops.read_now(lambda s: dashboard(s, learner_id=learner_id, now=now))",
    ]
    assert [line for line in flagged if not _session_uses(line)] == []
    assert [line for line in ignored if _session_uses(line)] == []


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
