"""Tests for ui/cli.py: `screenshots DIR` renders every screen for the demonstration learner, never the user's data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.conftest import REPO_ROOT

EXPECTED = {
    "home", "profiles", "study_front", "study_back", "quiz_setup", "quiz", "results", "wrong_book", "reader",
    "progress", "settings", "trainer_login", "home@200", "study@200", "quiz@200", "paper_start", "paper_submitted",
    "exam_lock", "home@dark", "study@dark", "quiz@dark", "progress@dark", "quiz@200@dark",
    *(f"quiz_{kind}" for kind in ("single", "multiple", "judge", "blank", "order", "match")),
    *(f"trainer_{tab}" for tab in ("bank", "import", "excel", "paper", "results")),
}


@pytest.mark.slow
def test_screenshots_of_every_screen_in_a_temporary_data_dir(tmp_path: Path) -> None:
    user_data = tmp_path / "user-data"
    out = tmp_path / "shots"
    environment = {**os.environ, "XUNXUE_DATA_DIR": str(user_data)}
    environment.pop("QT_QPA_PLATFORM", None)  # the command must choose offscreen by itself
    done = subprocess.run([sys.executable, str(REPO_ROOT / "main.py"), "screenshots", str(out)], capture_output=True,
                          text=True, env=environment, cwd=REPO_ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    names = {path.stem for path in out.glob("*.png")}
    assert names == EXPECTED
    assert f"共 {len(EXPECTED)} 张截图。" in done.stdout
    for name in EXPECTED - {"profiles"}:
        image = QImage(str(out / f"{name}.png"))
        assert (image.width(), image.height()) == (1366, 768), name
    assert not user_data.exists()  # the user's data directory was never touched


def test_side_by_side_puts_the_old_screen_left_and_the_new_one_right(qapp: object, tmp_path: Path) -> None:
    from PySide6.QtGui import QColor

    from ui.screenshots import side_by_side

    for name, colour in (("old", "#ff0000"), ("new", "#0000ff")):
        image = QImage(400, 300, QImage.Format.Format_RGB32)
        image.fill(QColor(colour))
        assert image.save(str(tmp_path / f"{name}.png"))
    side_by_side(tmp_path / "old.png", tmp_path / "new.png", tmp_path / "pair.png", width=412)
    pair = QImage(str(tmp_path / "pair.png"))
    assert pair.width() == 412 and pair.height() > 150
    middle = pair.height() - 40
    assert pair.pixelColor(100, middle).red() > 200 and pair.pixelColor(100, middle).blue() < 50  # old, left
    assert pair.pixelColor(312, middle).blue() > 200 and pair.pixelColor(312, middle).red() < 50  # new, right


def test_screenshots_beside_a_missing_folder_is_refused_before_rendering(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(REPO_ROOT / "main.py"), "--data-dir", str(tmp_path / "data"),
                           "screenshots", str(tmp_path / "shots"), "--beside", str(tmp_path / "nowhere")],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 2 and "找不到旧版截图目录" in done.stderr
    assert not list((tmp_path / "shots").glob("*.png"))
