"""Loep's icons for the Office add-in: a magnifying glass (een loep) over three bars, drawn as PNG.

The manifest and the ribbon want PNGs of 16, 32, 64 and 80 pixels (and the task pane a favicon).
They are drawn here from a few shapes (supersampled for smooth edges) and written with zlib, so
no image library is needed; the files in ``addin/server/static/images`` are the output of
:func:`write_icons` (a test checks that they still are). Rebuild them with
``python -m addin.excel.icons``.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

#: Icon sizes in pixels and their file names (``static/images/icons/loep-<size>.png``).
SIZES: tuple[int, ...] = (16, 32, 64, 80)
#: Folder of the served images.
IMAGES = Path(__file__).resolve().parent.parent / "server" / "static" / "images"

_FRAME = (31, 78, 121, 255)  # dark blue ring and handle
_LENS = (221, 235, 247, 255)  # pale blue glass
_BARS = (237, 125, 49, 255)  # orange bars: the counts seen through the glass
_SAMPLES = 4  # per axis and pixel

_CENTRE, _R_IN, _R_OUT = (0.40, 0.40), 0.25, 0.34
_HANDLE = ((0.64, 0.64), (0.91, 0.91), 0.075)  # from, to, half width
_BAR_RECTS = ((0.25, 0.42, 0.33, 0.56), (0.36, 0.30, 0.44, 0.56), (0.47, 0.36, 0.55, 0.56))  # x0, y0, x1, y1


def _segment_distance(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def _colour_at(x: float, y: float):
    """The colour of the point (x, y) of the unit square, or None (transparent)."""
    r = math.hypot(x - _CENTRE[0], y - _CENTRE[1])
    if _R_IN <= r <= _R_OUT:
        return _FRAME
    if r < _R_IN:
        for x0, y0, x1, y1 in _BAR_RECTS:
            if x0 <= x <= x1 and y0 <= y <= y1:
                return _BARS
        return _LENS
    start, end, half = _HANDLE
    if _segment_distance((x, y), start, end) <= half:
        return _FRAME
    return None


def draw(size: int) -> list[bytes]:
    """The icon as ``size`` rows of RGBA bytes (straight alpha), edges averaged over 4x4 samples."""
    rows = []
    n = _SAMPLES * _SAMPLES
    for py in range(size):
        row = bytearray()
        for px in range(size):
            total = [0, 0, 0, 0]
            for sy in range(_SAMPLES):
                for sx in range(_SAMPLES):
                    colour = _colour_at((px + (sx + 0.5) / _SAMPLES) / size, (py + (sy + 0.5) / _SAMPLES) / size)
                    if colour is not None:
                        for i in range(3):
                            total[i] += colour[i]
                        total[3] += 255
            covered = total[3] // 255
            if covered:
                row += bytes((total[0] // covered, total[1] // covered, total[2] // covered, round(total[3] / n)))
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return rows


def png(rows: list[bytes]) -> bytes:
    """A PNG file (8-bit RGBA, no filter) of ``rows`` as made by :func:`draw`."""
    height, width = len(rows), len(rows[0]) // 4

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\0" + row for row in rows), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def icon_files() -> dict[str, bytes]:
    """Every served image by its path under :data:`IMAGES`: ``icons/loep-<size>.png`` and ``favicon.png``."""
    files = {f"icons/loep-{size}.png": png(draw(size)) for size in SIZES}
    files["favicon.png"] = files["icons/loep-32.png"]
    return files


def write_icons(folder: Path = IMAGES) -> list[Path]:
    """Write :func:`icon_files` under ``folder``; returns the paths written."""
    written = []
    for name, data in icon_files().items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - maintenance command
    for path in write_icons():
        print(path)
