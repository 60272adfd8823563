"""What every page of the main window is: a widget with a title that refreshes itself and follows changes."""

from __future__ import annotations

from typing import Protocol

from ui.operations import Change


class Page(Protocol):
    """The contract the main window relies on (checked by mypy at each page's registration).

    A page subscribes itself to `UiEvents.changed` and calls its own `on_changed`; the window calls
    `refresh()` whenever it brings the page to the front, and `suspend()` when it must stop its clocks.
    """

    title: str

    def refresh(self) -> None:
        """Reload what the page shows (reads only: a refresh never writes)."""

    def on_changed(self, changes: Change) -> None:
        """A write op changed something: redraw now if the page shows it and is on screen."""

    def suspend(self) -> None:
        """Stop timers (another learner, the window closing); the page's data stays as stored."""
