"""Open generated workbooks in a real spreadsheet application: LibreOffice headless.

Per spreadsheet-testing.md: a fresh profile per run whose registry forces recalculation
of .xlsx formulas on load (``OOXMLRecalcMode`` = 0), a writable HOME, an absolute
``file:///`` profile URL and a time limit around each call. ``soffice`` exits 0 even when
every formula is ``#NAME?``, so callers compare values, never only the exit code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

TIMEOUT = 120

_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    """Path of the soffice binary, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """soffice, or skip the test; on CI (``CI=true``) a missing soffice fails instead."""
    found = soffice()
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice (soffice) ontbreekt op CI; .ci/run installeert het.")
    pytest.skip("LibreOffice (soffice) is niet geïnstalleerd")


def convert(source: Path, fmt: str, outdir: Path) -> Path:
    """Convert ``source`` with LibreOffice to ``fmt`` ('xlsx', 'pdf') in ``outdir``, recalculating formulas.

    Returns:
        Path of the converted file.

    Raises:
        AssertionError: soffice failed, timed out or wrote nothing.
    """
    binary = require_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="loep-lo-") as tmp:
        profile = Path(tmp) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
        home = Path(tmp) / "home"
        home.mkdir()
        env = {**os.environ, "HOME": str(home)}
        # Converting to the same format needs a separate input folder so LibreOffice does not overwrite it.
        staged = Path(tmp) / "in" / source.name
        staged.parent.mkdir()
        shutil.copy2(source, staged)
        cmd = [binary, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", fmt, "--outdir", str(outdir.resolve()), str(staged)]
        try:
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired as exc:  # pragma: no cover - depends on the machine
            raise AssertionError(f"soffice took longer than {TIMEOUT} s: {cmd}") from exc
    target = outdir / (source.stem + "." + fmt.split(":")[0])
    assert done.returncode == 0, f"soffice failed ({done.returncode}): {done.stderr}"
    assert target.exists() and target.stat().st_size > 0, f"soffice wrote nothing: {done.stdout} {done.stderr}"
    return target


def pdf_pages(pdf: Path) -> int:
    """Number of pages of a PDF (pdfinfo)."""
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError(f"pdfinfo gave no page count: {out}")


def page_ink(pdf: Path, page: int, outdir: Path) -> float:
    """Fraction of non-white pixels of one rendered page (pdftoppm, greyscale PGM)."""
    prefix = outdir / f"page{page}"
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-f", str(page), "-l", str(page), str(pdf), str(prefix)],
                   check=True, timeout=60, capture_output=True)
    image = next(outdir.glob(f"page{page}*.pgm"))
    data = image.read_bytes()
    # PGM: 'P5\n<w> <h>\n<max>\n' then bytes
    parts = data.split(b"\n", 3)
    width, height = (int(v) for v in parts[1].split())
    pixels = parts[3][: width * height]
    return sum(1 for b in pixels if b < 200) / max(len(pixels), 1)


def page_texts(pdf: Path) -> list[str]:
    """Text of every page of a PDF (pdftotext), in order."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60,
                         check=True).stdout
    return out.split("\f")[:pdf_pages(pdf)]


def text_sizes(pdf: Path) -> list[dict[float, str]]:
    """Per page: the printed size (points) of every run of text on it -> a sample of that text.

    The printed size is the font size times the scale of the text and transformation matrices, so a
    sheet that fit-to-page shrinks shows its shrunk size (pypdf's text visitor).
    """
    import math

    import pypdf

    pages = []
    for page in pypdf.PdfReader(pdf).pages:
        sizes: dict[float, str] = {}

        def visit(text, cm, tm, font, size, sizes=sizes):
            if not text.strip():
                return
            a = tm[0] * cm[0] + tm[1] * cm[2]
            b = tm[0] * cm[1] + tm[1] * cm[3]
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            printed = round(size * math.sqrt(abs(a * d - b * c)), 2)
            sizes.setdefault(printed, text.strip()[:40])

        page.extract_text(visitor_text=visit)
        pages.append(sizes)
    return pages
