"""Small text formats several pages share (time left on an exam clock)."""

from __future__ import annotations

import datetime as dt


def countdown_text(remaining: dt.timedelta) -> str:
    """mm:ss (minutes may exceed 59)."""
    seconds = max(0, int(remaining.total_seconds() + 0.999))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def book_title(title: str) -> str:
    """A title in book-title marks as Chinese typography nests them: 《…》 outside, 〈…〉 inside.

    “《中国共产党巡视工作条例》学习测试” becomes “《〈中国共产党巡视工作条例〉学习测试》”, never “《《…》学习测试》”;
    a title already wholly in 《》 is kept.
    """
    text = title.strip()
    if text.startswith("《") and text.endswith("》") and "》" not in text[1:-1] and "《" not in text[1:-1]:
        return text
    return "《" + text.replace("《", "〈").replace("》", "〉") + "》"
