"""The start-up floor: import PySide6 and SQLAlchemy, open a SQLite engine, show an empty window, quit when painted.

Run as a whole process by benchmarks/startup.py; prints `ready` once the window has been painted.
Usage: python benchmarks/startup_floor.py DIR   (DIR holds the SQLite file)
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, select


class _QuitAfterFirstPaint(QObject):
    """Quits the application on the next event-loop turn after the watched widget's first paint."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self._app = app
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(0, self._ready)
        return False

    def _ready(self) -> None:
        print("ready", flush=True)
        self._app.quit()


def main(data_dir: Path) -> int:
    """Open the engine, show the window, run until first paint."""
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
    watcher = _QuitAfterFirstPaint(app)
    window.installEventFilter(watcher)
    window.show()
    code = app.exec()
    engine.dispose()
    return code


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/xunxue_startup_floor")))
