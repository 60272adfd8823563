"""The exam-preparation commands: export-anki, exam-plan and readiness-report, through the launcher."""

from __future__ import annotations

import datetime as dt
import sqlite3
import zipfile
from pathlib import Path

import pytest

import main


def _run(tmp_path: Path, *argv: str) -> int:
    return main.main(["--data-dir", str(tmp_path / "data"), *argv])


@pytest.mark.slow
def test_export_anki_plan_and_report_on_the_built_in_bank(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    apkg = tmp_path / "xunxue.apkg"
    assert _run(tmp_path, "export-anki", str(apkg)) == 0
    out = capsys.readouterr().out
    with zipfile.ZipFile(apkg) as archive:
        archive.extract("collection.anki2", tmp_path)
    notes = sqlite3.connect(tmp_path / "collection.anki2").execute("SELECT count(*) FROM notes").fetchone()[0]
    assert notes > 0 and f"已导出{notes}张记忆卡片" in out

    from study.learners import create_learner
    from foundation.context import AppContext
    from foundation.data_dir import sqlite_url

    context = AppContext(data_dir=tmp_path / "data", db_url=sqlite_url(tmp_path / "data"))
    with context.session_factory()() as session, session.begin():
        create_learner(session, "李四", now=dt.datetime.now(dt.timezone.utc), unit="第二巡视组")
    context.dispose()
    exam = (dt.date.today() + dt.timedelta(days=21)).isoformat()
    assert _run(tmp_path, "exam-plan", "--date", exam, "--target", "92") == 0
    out = capsys.readouterr().out
    assert "学员：李四" in out and "距考试还有" in out and "今日计划" in out and "预计得分" in out
    assert _run(tmp_path, "readiness-report", "--pass-mark", "60") == 0
    out = capsys.readouterr().out
    assert "【第二巡视组】1人" in out and "可能不及格：李四" in out  # nothing studied yet: a guess is not a pass


def test_a_bad_exam_date_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _run(tmp_path, "exam-plan", "--date", "明天")
    assert exit_info.value.code == 2
    assert "日期格式应为" in capsys.readouterr().err
