"""Line icons drawn from SVG written here (no image files): one per page, in any colour and size."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

# 24x24 strokes in the style of common line-icon sets; `{c}` is the stroke colour.
_PATHS = {
    "home": '<path d="M3 11.5 12 4l9 7.5"/><path d="M5.5 10v9.5h5v-5h3v5h5V10"/>',
    "study": '<rect x="3" y="6" width="14" height="13" rx="2"/><path d="M7 3h12a2 2 0 0 1 2 2v11"/>'
             '<path d="M7 11h6M7 14.5h4"/>',
    "quiz_setup": '<rect x="4" y="3" width="16" height="18" rx="2"/><path d="M8 8.5l1.5 1.5L12 7.5"/>'
                  '<path d="M14 9h3"/><path d="M8 15l1.5 1.5L12 14"/><path d="M14 15.5h3"/>',
    "wrong_book": '<path d="M4 4.5h6a2 2 0 0 1 2 2V20a2 2 0 0 0-2-2H4z"/><path d="M20 4.5h-6a2 2 0 0 0-2 2V20'
                  'a2 2 0 0 1 2-2h6z"/><path d="M15 9l3 3M18 9l-3 3"/>',
    "reader": '<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4"/><path d="M9 11h6M9 14.5h6M9 18h4"/>',
    "progress": '<path d="M4 20h16"/><path d="M7 20v-6M12 20V8M17 20v-9"/>',
    "settings": '<circle cx="12" cy="12" r="3"/><path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1'
                'M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1"/>',
    "trainer": '<rect x="5" y="10.5" width="14" height="10" rx="2"/><path d="M8 10.5V7a4 4 0 0 1 8 0v3.5"/>'
               '<path d="M12 14.5v2.5"/>',
    "shared_papers": '<rect x="6" y="3" width="12" height="13" rx="1.5"/><path d="M9 7.5h6M9 11h6"/>'
                     '<path d="M12 16v3.5M4 19.5h16"/>',  # a paper on the unit's network
    "help": '<circle cx="12" cy="12" r="9"/><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6"/>'
            '<path d="M12 17.2v.3"/>',
}


def icon_names() -> tuple[str, ...]:
    """The names of the icons drawn here (a page's name where it has one)."""
    return tuple(_PATHS)


def svg_text(name: str, colour: str) -> str:
    """The SVG source of an icon in a colour."""
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" '
            f'stroke="{colour}" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">'
            f"{_PATHS[name]}</svg>")


def pixmap(name: str, colour: QColor | str, size: int, *, device_pixel_ratio: float = 1.0) -> QPixmap:
    """An icon drawn at `size` logical pixels."""
    renderer = QSvgRenderer(QByteArray(svg_text(name, QColor(colour).name()).encode("utf-8")))
    physical = max(1, round(size * device_pixel_ratio))
    image = QPixmap(physical, physical)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, physical, physical))
    painter.end()
    image.setDevicePixelRatio(device_pixel_ratio)
    return image


def icon(name: str, *, normal: QColor | str, selected: QColor | str, size: int,
         device_pixel_ratio: float = 1.0) -> QIcon:
    """An icon in one colour normally and another when its row is selected (the navigation's accent)."""
    result = QIcon()
    for mode, colour in ((QIcon.Mode.Normal, normal), (QIcon.Mode.Selected, selected), (QIcon.Mode.Active, normal)):
        result.addPixmap(pixmap(name, colour, size, device_pixel_ratio=device_pixel_ratio), mode)
    return result
