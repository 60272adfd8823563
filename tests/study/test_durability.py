"""Durability: a crash mid-exam loses no answer, a damaged file is restored from backup, old schemas upgrade."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from foundation.data_dir import DB_FILENAME, sqlite_url
from foundation.database import (
    current_revision,
    head_revision,
    make_engine,
    make_session_factory,
    upgrade_to_head,
)
from study.backup import (
    check_database,
    list_backups,
    make_daily_backup,
    newest_good_backup,
    restore_backup,
)
from study.quiz import load_quiz_session
from study.types import HealthStatus
from tests.conftest import REPO_ROOT
from tests.study.conftest import SmallBank, build_small_bank

CHILD = textwrap.dedent(
    """
    import datetime as dt, random, sys, time
    from foundation.database import make_engine, make_session_factory
    from question_bank.drafts import QuestionType as T
    from study.attempts import answer_question
    from study.quiz import load_quiz_session, start_quiz
    from study.types import QuizMode, QuizSpec

    url, learner_id, start = sys.argv[1], int(sys.argv[2]), dt.datetime.fromisoformat(sys.argv[3])
    factory = make_session_factory(make_engine(url))
    with factory() as s, s.begin():
        attempt_id = start_quiz(s, learner_id=learner_id, spec=QuizSpec(count=12, mode=QuizMode.EXAM, time_limit_s=1800),
                                now=start, rng=random.Random(5))
    with factory() as s:
        views = load_quiz_session(s, attempt_id, start).items
    for view in views[:5]:
        answer = {T.SINGLE: 0, T.MULTIPLE: [0, 1], T.JUDGE: True, T.BLANK: ["五"] * view.blank_count,
                  T.ORDER: list(range(len(view.options))), T.MATCH: list(view.right_items)}[view.type]
        with factory() as s, s.begin():  # one transaction per answer, committed at once
            answer_question(s, attempt_id=attempt_id, position=view.position, answer=answer,
                            now=start + dt.timedelta(minutes=view.position + 1))
    print(f"attempt {attempt_id} answered 5", flush=True)
    time.sleep(120)
    """
)


@pytest.mark.slow
def test_an_exam_killed_after_its_fifth_answer_resumes_with_all_five_and_true_time(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, db_url: str, tmp_path: Path
) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    errors = tmp_path / "child.err"
    with errors.open("w") as err, subprocess.Popen(
        [sys.executable, str(script), db_url, str(learner_id), now.isoformat()],
        stdout=subprocess.PIPE, stderr=err, text=True, env=env, cwd=REPO_ROOT,
    ) as child:
        try:
            assert child.stdout is not None
            line = child.stdout.readline()
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
    assert line.endswith("answered 5\n"), errors.read_text()
    assert child.returncode == -signal.SIGKILL
    attempt_id = int(line.split()[1])
    back = now + dt.timedelta(minutes=17)
    with factory() as s:
        quiz = load_quiz_session(s, attempt_id, back)
    assert quiz.answered_positions() == [0, 1, 2, 3, 4]
    assert quiz.total == 12 and not quiz.is_submitted
    assert quiz.items[0].answer is not None and all(item.answer is None for item in quiz.items[5:])
    assert quiz.remaining(back) == dt.timedelta(minutes=13)
    assert quiz.index == 4  # it reopens on the last question answered


def _make_app_database(data_dir: Path, now: dt.datetime) -> sessionmaker[Session]:
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(sqlite_url(data_dir))
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    with factory() as s, s.begin():
        build_small_bank(s, now)
    return factory


def test_a_damaged_database_is_reported_and_restored_from_the_newest_good_backup(tmp_path: Path, now: dt.datetime) -> None:
    data_dir = tmp_path / "data"
    factory = _make_app_database(data_dir, now)
    from study.learners import create_learner, list_learners

    days = []
    for day in range(9):  # one backup per local day, the last seven kept
        with factory() as s, s.begin():
            create_learner(s, f"学员{day}", now=now)
        days.append(make_daily_backup(data_dir, now=now + dt.timedelta(days=day)))
        assert make_daily_backup(data_dir, now=now + dt.timedelta(days=day, hours=1)) == days[-1]  # once a day
    backups = list_backups(data_dir)
    assert [b.day for b in backups] == [d.day for d in reversed(days[2:])]  # type: ignore[union-attr]
    factory.kw["bind"].dispose()
    database = data_dir / DB_FILENAME
    assert check_database(database).ok

    # Garbage over the whole file, then a truncation, then a damaged page: each is reported, never started over.
    original = database.read_bytes()
    database.write_bytes(b"\x00garbage" * 1000)
    health = check_database(database)
    assert health.status is HealthStatus.NOT_A_DATABASE and "不是巡学的数据库" in health.message
    database.write_bytes(b"")
    assert check_database(database).status is HealthStatus.NOT_A_DATABASE
    damaged = original[: len(original) // 2]  # truncated mid-file
    database.write_bytes(damaged)
    health = check_database(database)
    assert health.status is HealthStatus.CORRUPT and not health.ok, health
    assert make_daily_backup(data_dir, now=now + dt.timedelta(days=20)) is None  # a damaged file is never backed up

    # The newest backup is damaged too: the one before it is chosen.
    Path(backups[0].path).write_bytes(b"not a database")
    good = newest_good_backup(data_dir)
    assert good is not None and good.day == backups[1].day
    kept = restore_backup(data_dir, good, now=now + dt.timedelta(days=20))
    assert kept is not None and kept.name.startswith(f"{DB_FILENAME}.damaged-") and kept.read_bytes() == damaged
    assert check_database(database).ok
    engine = make_engine(sqlite_url(data_dir))
    with make_session_factory(engine)() as s:
        assert [l.name for l in list_learners(s)] == [f"学员{d}" for d in range(8)]  # as of that backup
        assert s.execute(text("SELECT count(*) FROM questions")).scalar() == 30
    engine.dispose()
    assert check_database(tmp_path / "nowhere.sqlite3").status is HealthStatus.MISSING


def test_a_database_at_the_first_revision_upgrades_with_every_row_intact(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path))
    upgrade_to_head(engine, "0001")
    assert current_revision(engine) == "0001"
    t = "2026-11-01 08:00:00.000000"
    rows = {
        "documents": f"INSERT INTO documents VALUES (1, '条例', 'interview', 'x', '全文', 1, '{t}')",
        "topics": f"INSERT INTO topics VALUES (1, 1, 0, '原则', '问', '答', 0, 2)",
        "questions": f"INSERT INTO questions VALUES (1, 1, 'k1', 'judge', '题干', NULL, 'true', '正确', '解析', '原文', 0, 2, 2, 'active', 'generated', 0, NULL)",
        "flashcards": f"INSERT INTO flashcards VALUES (1, 1, 'c1', '正面', '背面', '原文', 0, 2, 'active', 'generated', 0, NULL)",
        "learners": f"INSERT INTO learners VALUES (1, '张三', '一组', 'uid-1', '{t}', 20, 0.9)",
        "settings": "INSERT INTO settings VALUES ('active_learner_id', '1')",
        "card_states": f"INSERT INTO card_states VALUES (1, 1, 1, 1, 2, NULL, 5.5, 4.2, '{t}', '{t}', 3, 1, 0)",
        "review_logs": f"INSERT INTO review_logs VALUES (1, 1, 1, 3, '{t}', 4000, 0), (2, 1, 1, 3, '2026-11-02 20:00:00.000000', 4000, 0)",
        "quiz_attempts": f"INSERT INTO quiz_attempts VALUES (1, 1, 'exam', '{{\"count\": 1, \"mode\": \"exam\"}}', NULL, '{t}', NULL, '{t}', 0, 1.0, 1.0, 1)",
        "attempt_items": f"INSERT INTO attempt_items VALUES (1, 1, 1, 0, 1, 1, NULL, 'true', '{t}', 3000, 1.0, 1, 0)",
        "wrong_answers": f"INSERT INTO wrong_answers VALUES (1, 1, 1, '{t}', '{t}', 2, 1, NULL)",
    }
    with engine.begin() as connection:
        for statement in rows.values():
            connection.execute(text(statement))
        before = {table: connection.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all() for table in rows}
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        for table, old_rows in before.items():
            new_rows = connection.execute(text(f"SELECT * FROM {table} ORDER BY 1")).mappings().all()
            assert len(new_rows) == len(old_rows)
            for new_row, old_row in zip(new_rows, old_rows):
                assert tuple(new_row[k] for k in old_row._fields) == tuple(old_row), table
        # The streak's study days are derived from the history (China local days: 20:00 UTC is the next morning).
        days = connection.execute(text("SELECT learner_id, day FROM study_days ORDER BY day")).all()
        assert [(learner, str(day)) for learner, day in days] == [(1, "2026-11-01"), (1, "2026-11-03")]
    from study.attempts import attempt_result
    from study.learners import active_learner

    with make_session_factory(engine)() as s:
        assert active_learner(s).name == "张三"  # type: ignore[union-attr]
        result = attempt_result(s, attempt_id=1)
        assert result.passed and result.items[0].correct and result.items[0].learner_answer_text == "正确"
    engine.dispose()


def test_check_db_command_reports_and_restores(tmp_path: Path, now: dt.datetime, capsys: pytest.CaptureFixture[str]) -> None:
    from main import main

    data_dir = tmp_path / "data"
    factory = _make_app_database(data_dir, now)
    assert make_daily_backup(data_dir, now=now) is not None
    factory.kw["bind"].dispose()
    assert main(["--data-dir", str(data_dir), "check-db"]) == 0
    assert "状态：数据库完好。" in capsys.readouterr().out
    (data_dir / DB_FILENAME).write_bytes(b"")
    assert main(["--data-dir", str(data_dir), "check-db"]) == 1
    assert "可用 --restore 从2026年11月27日的备份恢复" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "check-db", "--restore"]) == 0
    assert "已从2026年11月27日的备份恢复" in capsys.readouterr().out
    assert check_database(data_dir / DB_FILENAME).ok


@pytest.mark.parametrize("damage", ["overwritten", "pages scrambled", "emptied beside backups"])
def test_commands_on_a_damaged_database_exit_2_with_one_chinese_line_and_leave_the_file_alone(
    tmp_path: Path, now: dt.datetime, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    from main import main

    data_dir = tmp_path / "data"
    factory = _make_app_database(data_dir, now)
    factory.kw["bind"].dispose()
    database = data_dir / DB_FILENAME
    content = bytearray(database.read_bytes())
    if damage == "overwritten":
        content[:] = bytes(range(256)) * (len(content) // 256)
    elif damage == "emptied beside backups":  # SQLite would open it as a new, empty database
        assert make_daily_backup(data_dir, now=now) is not None
        content.clear()
    else:  # the header survives, the first table pages do not
        content[4096:4096 * 6] = bytes((b * 7 + 13) % 256 for b in content[4096:4096 * 6])
    database.write_bytes(bytes(content))
    for command in (["export-bank", str(tmp_path / "bank.json")], ["bank-stats"],
                    ["export-progress", str(tmp_path / "progress.json")]):
        assert main(["--data-dir", str(data_dir), *command]) == 2, command
        err = capsys.readouterr().err
        assert err.startswith("错误：数据库文件已损坏") and "check-db --restore" in err and err.count("\n") == 1
    assert database.read_bytes() == bytes(content)
