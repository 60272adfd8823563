"""The start-up floor: import PySide6 and SQLAlchemy, open a SQLite engine, show an empty window, quit when ready.

Run as a whole process by benchmarks/startup.py. It signals readiness exactly as the app's
XUNXUE_EXIT_WHEN_READY hook does (ui/app.py): after the window's first paint, `QTimer.singleShot(0, ...)`
prints `ready` and quits, so the two measurements end at the same point of the event loop.
Usage: python benchmarks/startup_floor.py DIR   (DIR holds the SQLite file)
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, select


def main(data_dir: Path) -> int:
    """Open the engine, show the window, report ready on the first event-loop turn."""
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{(data_dir / 'floor.sqlite3').as_posix()}")
    table = Table("probe", MetaData(), Column("id", Integer, primary_key=True))
    table.metadata.create_all(engine)
    with engine.connect() as connection:
        connection.execute(select(table.c.id)).all()

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("floor")
    window.resize(1366, 768)
    window.show()

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, ready)
            return False

    def ready() -> None:
        print("ready", flush=True)
        app.quit()

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    code = app.exec()
    engine.dispose()
    return code


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/xunxue_startup_floor")))
