"""Reading the official open-data files as civil servants download them.

One file in, one :class:`RawFile` out: every value a string, header names normalised
(``"Vestiging Provincie Naam"`` -> ``vestiging_provincie_naam``), title rows above the header
skipped, extra columns kept but listed. Handles CSV with comma or semicolon (sniffed from the
header line) or tab (Excel's "Unicode-tekst"), UTF-8 with or without BOM, Windows-1252 and UTF-16
with BOM (Excel's "Unicode-tekst"), and XLSX (first sheet holding the
header). Whole-file problems raise :class:`LoepFout` with a Dutch message naming the file;
problems of single rows are left to :mod:`addin.core.cleaning`.

CSV is parsed by ``pyarrow.csv`` (multi-threaded, all columns as strings), which reads a
100 000-row official file in well under a second.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import threading
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from addin.core import xlsx_cells
from addin.core.errors import LoepFout
from addin.core.settings import os_fout_tekst
from addin.core.labels import schooljaar_from_filename, schooljaren_in_filename
from addin.core.schema import OFFICIAL_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, kept_raw_columns

#: How many physical lines (or sheet rows) are searched for the header.
HEADER_SCAN_LINES = 15
#: Delimiters Loep reads, and the ones it recognises only to explain a wrong file.
DELIMITERS: dict[str, str] = {",": "komma (,)", ";": "puntkomma (;)", "\t": "tab"}
_FOREIGN_DELIMITERS: dict[str, str] = {"|": "verticale streep (|)"}
_UTF16_BOMS: dict[bytes, str] = {b"\xff\xfe": "utf-16 LE met BOM", b"\xfe\xff": "utf-16 BE met BOM"}
CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
KNOWN_COLUMNS: frozenset[str] = frozenset(OFFICIAL_COLUMNS) | frozenset(OPTIONAL_COLUMNS)
#: Columns the cleaner reads (kept dictionary-encoded); the others only take part in the duplicate check.
USED_COLUMNS: frozenset[str] = frozenset(REQUIRED_COLUMNS) | kept_raw_columns()
_NAME_SEP = re.compile(r"[\s\-]+")
_HEAD_BYTES = 256 * 1024
_NOT_BLANK = re.compile(rb"[^\s\x00\xef\xbb\xbf\xff\xfe]")


@dataclass
class RawFile:
    """One official file as read, before cleaning.

    Attributes:
        path: the file read.
        naam: its file name (used in reports and in the canonical column ``bronbestand``).
        table: all data rows as an Arrow table with normalised column names, every column
            dictionary-encoded text (``dictionary<int32, string>``, empty cells are ''), so each
            distinct value is stored once and the cleaner maps distinct values only; extra
            (unknown) columns are kept, see ``extra_kolommen``. ``frame`` gives the same rows as
            a pandas DataFrame of dtype ``str``.
        sha256: hash of the file's bytes.
        formaat: 'csv' or 'xlsx'.
        codering: encoding detected ('utf-8', 'utf-8 met BOM', 'windows-1252', 'utf-16 LE met BOM',
            'utf-16 BE met BOM'; None for xlsx).
        scheidingsteken: ',', ';' or tab (None for xlsx).
        blad: sheet read (xlsx only).
        kopregel: physical line (csv) or sheet row (xlsx) of the header, 1-based.
        titelregels: the non-empty lines above the header that were skipped.
        extra_kolommen: columns that Loep does not use (ignored, reported).
        schooljaar_kolom: True when the file has a ``schooljaar`` column.
        schooljaar_bestandsnaam: the school year in the file name, or None.
        waarschuwingen: whole-file warnings for the cleaning report (e.g. no final line break,
            which suggests an interrupted download).
    """

    path: Path
    naam: str
    table: pa.Table
    sha256: str
    formaat: str
    codering: str | None = None
    scheidingsteken: str | None = None
    blad: str | None = None
    kopregel: int = 1
    titelregels: list[str] = field(default_factory=list)
    extra_kolommen: list[str] = field(default_factory=list)
    schooljaar_kolom: bool = False
    schooljaar_bestandsnaam: str | None = None
    waarschuwingen: list[str] = field(default_factory=list)

    @property
    def rijen(self) -> int:
        """Number of data rows."""
        return self.table.num_rows

    @property
    def columns(self) -> list[str]:
        """The (normalised) column names."""
        return self.table.column_names

    @property
    def frame(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame, every column dtype ``str`` (built on demand)."""
        return pd.DataFrame({name: pd.array(col.cast(pa.string()).to_pylist(), dtype="str")
                             for name, col in zip(self.table.column_names, self.table.columns)})

    def codes(self, column: str) -> tuple[np.ndarray, list[str]]:
        """(per row the index of its value, the distinct values) of one column."""
        col = self.table.column(column)
        chunk = col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()
        if not pa.types.is_dictionary(chunk.type):
            chunk = chunk.dictionary_encode()
        return chunk.indices.to_numpy(zero_copy_only=False).astype(np.int64), chunk.dictionary.to_pylist()

    def is_encoded(self, column: str) -> bool:
        """True when the column is held dictionary-encoded (its codes cost nothing)."""
        return pa.types.is_dictionary(self.table.schema.field(column).type)

    def codes_at(self, column: str, rows: np.ndarray) -> np.ndarray:
        """Codes of one column for the given rows only (equal values, equal codes)."""
        col = self.table.column(column)
        if pa.types.is_dictionary(col.type):
            return self.codes(column)[0][rows]
        part = col.take(pa.array(rows, pa.int64())).combine_chunks().dictionary_encode()
        return part.indices.to_numpy(zero_copy_only=False).astype(np.int64)

    def regel(self, bronrij: int) -> int:
        """Physical line (csv) or sheet row (xlsx) of data row ``bronrij`` (1 = first data row)."""
        return self.kopregel + bronrij


def normalise_column_name(name: object) -> str:
    """Header cell -> column name: trimmed, lower case, runs of spaces/hyphens as '_'."""
    text = "" if name is None else str(name)
    text = text.replace("\ufeff", "").strip().strip('"').strip()
    return _NAME_SEP.sub("_", text.lower())


def read_raw(path: str | Path) -> RawFile:
    """Read one official file (CSV or XLSX) into a :class:`RawFile`.

    Args:
        path: the file, as downloaded.

    Returns:
        The file's rows as strings, with how it was read (encoding, delimiter, header line,
        title rows, extra columns) recorded for the cleaning report.

    Raises:
        LoepFout: file missing, not CSV/XLSX, empty, no header with the required columns,
            wrong delimiter, unreadable, or no school year in a column nor in the file name.
    """
    path = Path(path)
    if not path.exists():
        raise LoepFout(f"Bestand niet gevonden: '{path}'.")
    if path.is_dir():
        raise LoepFout(f"'{path}' is een map, geen bestand: geef CSV- of XLSX-bestanden op.")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise LoepFout(f"'{path.name}' is een oud Excel-bestand (.xls), dat Loep niet leest: "
                       f"open het in Excel en bewaar het als .xlsx of .csv.")
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise LoepFout(f"'{path.name}' is geen CSV- of XLSX-bestand (extensie '{path.suffix or 'geen'}'): "
                       f"Loep leest de open-databestanden als .csv of .xlsx.")
    if suffix in XLSX_SUFFIXES:
        data = _read_all(path)
        if not _NOT_BLANK.search(data):
            raise LoepFout(f"Het bestand '{path.name}' is leeg.")
        raw = _read_xlsx(path, data, hashlib.sha256(data).hexdigest())
    else:
        # CSV: only the head is read here; pyarrow streams the file itself (no copy of it in memory)
        try:
            size = path.stat().st_size
            with open(path, "rb") as fh:
                head = fh.read(_HEAD_BYTES)
        except OSError as exc:
            raise _unreadable(path, exc) from None
        if not _NOT_BLANK.search(head):
            if head.count(0) * 2 > len(head):  # a failed download or a disk image, not text: say so at once
                raise LoepFout(f"'{path.name}' is geen tekstbestand: het begint met {_kb(len(head))} nulbytes "
                               f"(misschien is de download mislukt). Download het bestand opnieuw.")
            if size <= len(head) or not _has_content(path, len(head)):
                raise LoepFout(f"Het bestand '{path.name}' is leeg.")
        if head[:4] == b"PK\x03\x04":
            raise LoepFout(f"'{path.name}' is een Excel-bestand met de extensie {path.suffix}: "
                           f"hernoem het naar .xlsx.")
        # hash on a second thread while pyarrow parses (hashlib releases the GIL)
        digest: list[str] = []
        hasher = threading.Thread(target=lambda: digest.append(_file_sha256(path)))
        hasher.start()
        try:
            raw = _read_csv(path, head, size)
        finally:
            hasher.join()
        if not digest:
            raise LoepFout(f"'{path}' kan niet gelezen worden. Is het bestand nog open in een ander programma?")
        raw.sha256 = digest[0]
    _finish(raw)
    return raw


# --- CSV ---------------------------------------------------------------------------------


def _kb(n: int) -> str:
    return f"{n // 1024} kB" if n >= 1024 else f"{n} bytes"


def _has_content(path: Path, start: int) -> bool:
    """True when the file holds a non-blank byte after ``start`` (read in blocks, never whole)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(start)
            while block := fh.read(4 << 20):
                if _NOT_BLANK.search(block):
                    return True
    except OSError as exc:
        raise _unreadable(path, exc) from None
    return False


_LEGACY = threading.local()


def _cp1252_fallback(err: UnicodeDecodeError):
    """Codec error handler: bytes that are no UTF-8 are read as Windows-1252 (offsets recorded)."""
    _LEGACY.offsets.append(err.start)
    _LEGACY.bytes += err.end - err.start
    return err.object[err.start:err.end].decode("cp1252"), err.end


codecs.register_error("loep-cp1252", _cp1252_fallback)


def _line_numbers(data: bytes, offsets: list[int]) -> list[int]:
    """1-based physical line of each byte offset."""
    breaks = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0x0A)
    return sorted({int(n) + 1 for n in np.searchsorted(breaks, np.asarray(offsets, dtype=np.int64))})


def _lines_text(lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:10]))
    return (f"regel {shown}" if len(lines) == 1 else f"regels {shown}") + (
        f" … (+{len(lines) - 10})" if len(lines) > 10 else "")


def _cp1252(path: Path, data: bytes) -> tuple[bytes, str, list[str]]:
    """Bytes that are not all UTF-8, as UTF-8: (bytes, encoding label, warnings for the report), else LoepFout.

    A file of Windows-1252 is read as such. A file that mixes the two (UTF-8 with some rows saved as
    Windows-1252, e.g. rows pasted from another file) is read character by character: each valid
    UTF-8 sequence as UTF-8, each other byte as Windows-1252, so 'Industriële' stays 'Industriële'
    in both kinds of row; the report names the lines that were Windows-1252.
    """
    _LEGACY.offsets, _LEGACY.bytes = [], 0
    try:
        text = data.decode("utf-8", errors="loep-cp1252")
    except UnicodeDecodeError:
        at = _LEGACY.offsets[-1]
        line = _line_numbers(data, [at])[0]
        raise LoepFout(f"De tekencodering van '{path.name}' is niet herkend (geen UTF-8 en geen Windows-1252: byte "
                       f"{at} op regel {line}); bewaar het bestand als CSV UTF-8.") from None
    offsets, legacy_bytes, _LEGACY.offsets = _LEGACY.offsets, _LEGACY.bytes, []
    non_ascii = len(data.translate(None, bytes(range(128))))  # the bytes >= 0x80
    if non_ascii == legacy_bytes:  # not one valid UTF-8 character: the whole file is Windows-1252
        return data.decode("cp1252").encode("utf-8"), "windows-1252", []
    lines = _line_numbers(data, offsets)
    warning = (f"het bestand is UTF-8, maar {_lines_text(lines)} {'is' if len(lines) == 1 else 'zijn'} in "
               f"Windows-1252 bewaard (gemengde tekencodering); elk teken is gelezen in de codering waarin het "
               f"staat. Controleer de namen op die regels.")
    return text.encode("utf-8"), "utf-8 met regels in windows-1252", [warning]


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def _find_header(path: Path, lines: list[str]) -> tuple[int, str, list[str]]:
    """(0-based line index, delimiter, raw header cells) of the header line, else LoepFout."""
    required = set(REQUIRED_COLUMNS)
    best: tuple[int, int, str, set[str]] | None = None  # (found, index, delimiter, names)
    for i, line in enumerate(lines):
        for delim in DELIMITERS:
            cells = _split(line, delim)
            names = {normalise_column_name(c) for c in cells}
            found = len(required & names)
            if found == len(required):
                return i, delim, cells
            if found and (best is None or found > best[0]):
                best = (found, i, delim, names)
    labels = list(DELIMITERS.values())
    tried = ", ".join(labels[:-1]) + " en " + labels[-1]
    for i, line in enumerate(lines):
        for delim, label in _FOREIGN_DELIMITERS.items():
            names = {normalise_column_name(c) for c in _split(line, delim)}
            if len(required & names) >= 3:
                raise LoepFout(
                    f"Het scheidingsteken van '{path.name}' is een {label} (regel {i + 1}): Loep leest CSV met "
                    f"{tried} als scheidingsteken. Bewaar het bestand als CSV met komma of puntkomma.")
    if best is not None and best[0] >= 3:
        found, i, delim, names = best
        missing = [c for c in REQUIRED_COLUMNS if c not in names]
        raise LoepFout(
            f"In '{path.name}' ontbreken verplichte kolommen: {', '.join(missing)} (kopregel {i + 1}). "
            f"Is dit wel een bestand 'inschrijvingen leerplicht per instelling'?")
    single = all(len(_split(line, d)) <= 1 for line in lines for d in DELIMITERS)
    hint = (" Elke regel geeft maar één kolom: het scheidingsteken is geen komma, puntkomma of tab "
            "(misschien '|')." if single else "")
    raise LoepFout(
        f"Geen kopregel gevonden in '{path.name}': de eerste {HEADER_SCAN_LINES} regels bevatten geen regel met "
        f"de verplichte kolommen ({', '.join(REQUIRED_COLUMNS)}). Geprobeerde scheidingstekens: {tried}.{hint}")


_TEXT = pa.dictionary(pa.int32(), pa.string())


def _parse(source: str | bytes, skip: int, names: list[str], delim: str) -> pa.Table:
    """Parse the data rows of a file (path) or of UTF-8 bytes."""
    try:
        return _parse_with(source, skip, names, delim, newlines=False)
    except pa.ArrowInvalid as exc:
        if "Expected" not in str(exc):
            raise
        # perhaps a quoted value spans lines (an address typed with Alt+Enter): the slower parser allows that
        return _parse_with(source, skip, names, delim, newlines=True)


def _parse_with(source: str | bytes, skip: int, names: list[str], delim: str, *, newlines: bool) -> pa.Table:
    """Parse the data rows: the columns the cleaner uses dictionary-encoded, the others as bytes.

    The other columns are only compared for exact duplicates, which bytes do as well; they
    are still checked for valid UTF-8 (a cast, no copy), so a Windows-1252 file is noticed
    whichever column holds its accents.
    """
    tmp_names = [f"c{i}" for i in range(len(names))]  # the header itself may hold duplicates or blanks
    types = {t: (_TEXT if n in USED_COLUMNS else pa.binary()) for t, n in zip(tmp_names, names)}
    table = pacsv.read_csv(
        io.BytesIO(source) if isinstance(source, bytes) else source,
        read_options=pacsv.ReadOptions(skip_rows=skip, column_names=tmp_names, block_size=4 << 20),
        parse_options=pacsv.ParseOptions(delimiter=delim, newlines_in_values=newlines),
        convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False,
                                             quoted_strings_can_be_null=False),
    )
    columns = [c.cast(pa.string()) if pa.types.is_binary(c.type) else c for c in table.columns]
    return pa.table(columns, names=names)


def _read_all(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None


def _unreadable(path: Path, exc: OSError) -> LoepFout:
    return LoepFout(f"'{path}' kan niet gelezen worden: {os_fout_tekst(exc)}. Is het bestand nog open in een "
                    f"ander programma of hebt u er geen leesrechten op?")


def _file_sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _read_csv(path: Path, head_bytes: bytes, size: int) -> RawFile:
    # Encoding: UTF-8 (with or without BOM) unless the bytes say otherwise, then Windows-1252.
    # pyarrow validates the whole file while parsing (and skips a BOM); only the head is decoded here.
    bom = head_bytes.startswith(b"\xef\xbb\xbf")
    label = "utf-8 met BOM" if bom else "utf-8"
    source: str | bytes = str(path)
    head_src = head_bytes[3:] if bom else head_bytes
    legacy: list[str] = []
    utf16 = _UTF16_BOMS.get(head_bytes[:2])
    last = _last_byte(path, size)
    if utf16:  # Excel's "Unicode-tekst": decoded whole, then parsed as UTF-8
        label, source = utf16, _utf16(path, _read_all(path))
        head = source[:_HEAD_BYTES].decode("utf-8", errors="ignore")
        last = source[-1:]
    else:
        try:
            head = head_src.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data" and size > len(head_bytes):
                head = head_src[:exc.start].decode("utf-8")  # a character cut in two at the end of the head
            elif bom:
                raise _bad_utf8(path) from None
            else:
                source, label, legacy = _cp1252(path, _read_all(path))
                head = source[:_HEAD_BYTES].decode("utf-8", errors="ignore")
    lines = head.splitlines()[:HEADER_SCAN_LINES]
    index, delim, cells = _find_header(path, lines)
    warnings = []
    if last not in (b"\n", b"\r", b""):
        warnings.append("het bestand eindigt niet met een regeleinde: misschien is de download onderbroken en "
                        "ontbreken er rijen. Controleer of het bestand volledig is (vergelijk de grootte met de "
                        "download op de website).")
    titles = [ln.strip() for ln in lines[:index] if ln.strip().strip(delim + " ")]
    names = [normalise_column_name(c) for c in cells]
    _check_duplicate_names(path, names)
    try:
        table = _parse(source, index + 1, names, delim)
    except pa.ArrowInvalid as exc:
        if "UTF8" not in str(exc):
            raise LoepFout(_csv_error(path, str(exc), index + 1, source, delim)) from None
        if label != "utf-8":
            raise _bad_utf8(path) from None
        source, label, legacy = _cp1252(path, _read_all(path))  # invalid UTF-8 further down the file
        try:
            table = _parse(source, index + 1, names, delim)
        except pa.ArrowInvalid as exc2:
            raise LoepFout(_csv_error(path, str(exc2), index + 1, source, delim)) from None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    return RawFile(path=path, naam=path.name, table=_one_dictionary(table), sha256="", formaat="csv",
                   codering=label, scheidingsteken=delim, kopregel=index + 1, titelregels=titles,
                   waarschuwingen=warnings + legacy)


def _bad_utf8(path: Path) -> LoepFout:
    where = ""
    try:
        data = path.read_bytes()
        _LEGACY.offsets, _LEGACY.bytes = [], 0
        data.decode("utf-8", errors="loep-cp1252")
        offsets, _LEGACY.offsets = _LEGACY.offsets, []
        if offsets:
            where = f" ({_lines_text(_line_numbers(data, offsets))})"
    except (OSError, UnicodeDecodeError):
        pass
    return LoepFout(f"'{path.name}' begint als UTF-8 (met BOM) maar bevat ongeldige tekens{where}; bewaar het opnieuw "
                    f"als CSV UTF-8.")


def _one_dictionary(table: pa.Table) -> pa.Table:
    """One chunk and one dictionary per dictionary-encoded column (each parsed block has its own);
    the other columns stay chunked (they are only compared, never mapped)."""
    if table.num_rows == 0 or all(c.num_chunks <= 1 for c in table.columns):
        return table
    table = table.unify_dictionaries()
    columns = [pa.chunked_array([c.combine_chunks()]) if pa.types.is_dictionary(c.type) and c.num_chunks > 1 else c
               for c in table.columns]
    return pa.table(columns, names=table.column_names)


def _utf16(path: Path, data: bytes) -> bytes:
    """UTF-16 bytes (with BOM) re-encoded as UTF-8, else LoepFout."""
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoepFout(f"'{path.name}' begint als UTF-16 (Unicode-tekst) maar bevat ongeldige tekens (byte "
                       f"{exc.start}); bewaar het opnieuw als CSV UTF-8.") from None


def _last_byte(path: Path, size: int) -> bytes:
    if size == 0:
        return b""
    try:
        with open(path, "rb") as fh:
            fh.seek(size - 1)
            return fh.read(1)
    except OSError as exc:
        raise _unreadable(path, exc) from None


def _line_of(source: str | bytes, row_text: str, header_line: int, delim: str, expected: int
             ) -> tuple[int, bool] | None:
    """(physical line, 1-based; True when it is the file's last line and has no line break) of the row
    pyarrow complained about, or None.

    pyarrow quotes the row cut to about 100 characters (ending in ' ...'); the line is the first
    one below the header that starts with that text and does not have ``expected`` fields.
    """
    text = row_text.rstrip("\r\n")
    cut = text.endswith(" ...")
    target = (text[:-4] if cut else text).encode("utf-8")
    try:
        stream = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")
    except OSError:
        return None
    with stream:
        for number, line in enumerate(stream, start=1):
            if number <= header_line:
                continue
            bare = line.rstrip(b"\r\n")
            if bare.startswith(target) if cut else bare == target:
                if len(_split(bare.decode("utf-8", errors="replace"), delim)) != expected:
                    return number, bare == line and not stream.read(1)
    return None


def _csv_error(path: Path, message: str, header_line: int, source: str | bytes | None = None,
               delim: str = ",") -> str:
    m = re.search(r"Expected (\d+) columns, got (\d+): (.*)", message, re.S)
    if m:
        row_text = m.group(3).rstrip("\r\n")
        found = _line_of(source, row_text, header_line, delim, int(m.group(1))) if source is not None else None
        where = f"regel {found[0]}" if found else f"een regel onder de kopregel (regel {header_line})"
        hint = ("Controleer het scheidingsteken en de aanhalingstekens in die regel." if not (found and found[1]) else
                "Het is de laatste regel en het bestand eindigt niet met een regeleinde: waarschijnlijk is de download "
                "onderbroken. Download het bestand opnieuw.")
        return (f"'{path.name}' is geen geldige CSV: {where} heeft {m.group(2)} velden in plaats van "
                f"{m.group(1)}: '{row_text.strip()[:120]}'. {hint}")
    return f"'{path.name}' kan niet als CSV gelezen worden: {message.splitlines()[0]}"


def _check_duplicate_names(path: Path, names: list[str]) -> None:
    seen: set[str] = set()
    for n in names:
        if n and n in seen:
            raise LoepFout(f"De kolom '{n}' komt meer dan eens voor in de kopregel van '{path.name}'.")
        seen.add(n)


# --- XLSX --------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    """Excel cell -> the text a CSV export would show."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path, data: bytes, digest: str) -> RawFile:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise LoepFout(f"'{path.name}' is geen leesbaar Excel-bestand (.xlsx): het bestand is beschadigd of "
                       f"heeft de verkeerde extensie.")
    try:
        return _read_xlsx_fast(path, data, digest)
    except (xlsx_cells.Unsupported, KeyError, ValueError, zipfile.BadZipFile, ET.ParseError, pa.ArrowException):
        return _read_xlsx_openpyxl(path, data, digest)  # anything unusual: the complete (slower) reader


def _missing_columns_error(path: Path, sheet: str, missing: list[str]) -> LoepFout:
    return LoepFout(f"In '{path.name}' (blad '{sheet}') ontbreken verplichte kolommen: {', '.join(missing)}. Is dit "
                    f"wel een bestand 'inschrijvingen leerplicht per instelling'?")


def _no_header_in_book(path: Path) -> LoepFout:
    return LoepFout(f"Geen kopregel gevonden in '{path.name}': geen blad heeft in de eerste {HEADER_SCAN_LINES} rijen "
                    f"een rij met de verplichte kolommen ({', '.join(REQUIRED_COLUMNS)}).")


def _read_xlsx_fast(path: Path, data: bytes, digest: str) -> RawFile:
    """The sheet XML read with :mod:`addin.core.xlsx_cells` (about 15x faster than openpyxl)."""
    required = set(REQUIRED_COLUMNS)
    best_missing: tuple[int, str, list[str]] | None = None
    for sheet in xlsx_cells.sheets(data):
        for r in range(1, HEADER_SCAN_LINES + 1):
            names = [normalise_column_name(v) for v in sheet.row_texts(r)]
            found = required & set(names)
            if len(found) == len(required):
                return _xlsx_fast_table(path, digest, sheet, r, names)
            if len(found) >= 3 and (best_missing is None or len(found) > best_missing[0]):
                best_missing = (len(found), sheet.naam, [c for c in REQUIRED_COLUMNS if c not in found])
    if best_missing:
        raise _missing_columns_error(path, best_missing[1], best_missing[2])
    raise _no_header_in_book(path)


def _xlsx_fast_table(path: Path, digest: str, sheet, header_row: int, names: list[str]) -> RawFile:
    named = [(j + 1, n) for j, n in enumerate(names) if n]  # (1-based column, name); unnamed columns dropped
    _check_duplicate_names(path, [n for _, n in named])
    below = sheet.rij > header_row
    rows, cols = sheet.rij[below], sheet.kolom[below]
    values = sheet.waarde.filter(pa.array(below))
    filled = pc.not_equal(pc.utf8_trim_whitespace(values), "").to_numpy(zero_copy_only=False)
    data_rows = np.unique(rows[filled])  # rows with only blank cells are skipped, as Excel leaves them around
    position = np.searchsorted(data_rows, rows)
    on_data_row = (position < len(data_rows)) & (data_rows[np.minimum(position, len(data_rows) - 1)] == rows) \
        if len(data_rows) else np.zeros(len(rows), dtype=bool)
    columns = {}
    for j, name in named:
        idx = np.flatnonzero((cols == j) & on_data_row)
        enc = values.take(pa.array(idx, pa.int64())).dictionary_encode()
        dictionary = pa.concat_arrays([enc.dictionary, pa.array([""], pa.string())])
        codes = np.full(len(data_rows), len(dictionary) - 1, dtype=np.int32)
        codes[position[idx]] = enc.indices.to_numpy(zero_copy_only=False)
        columns[name] = pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), dictionary)
    titles = [" ".join(t for t in sheet.row_texts(r) if t).strip() for r in range(1, header_row)]
    return RawFile(path=path, naam=path.name, table=pa.table(columns), sha256=digest, formaat="xlsx",
                   blad=sheet.naam, kopregel=header_row, titelregels=[t for t in titles if t])


def _read_xlsx_openpyxl(path: Path, data: bytes, digest: str) -> RawFile:
    import openpyxl  # imported here: only needed for unusual Excel files

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise LoepFout(f"'{path.name}' is geen leesbaar Excel-bestand (.xlsx): het bestand is beschadigd of geen "
                       f"werkboek van Excel. Open het in Excel en bewaar het opnieuw als .xlsx of .csv.") from None
    required = set(REQUIRED_COLUMNS)
    best_missing: tuple[int, str, list[str]] | None = None
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            head: list[tuple] = []
            for row in rows:
                head.append(row)
                names = [normalise_column_name(v) for v in row]
                found = required & set(names)
                if len(found) == len(required):
                    return _xlsx_rows(path, digest, sheet.title, head, names, rows)
                if len(found) >= 3 and (best_missing is None or len(found) > best_missing[0]):
                    best_missing = (len(found), sheet.title, [c for c in REQUIRED_COLUMNS if c not in found])
                if len(head) >= HEADER_SCAN_LINES:
                    break
    finally:
        book.close()
    if best_missing:
        raise _missing_columns_error(path, best_missing[1], best_missing[2])
    raise _no_header_in_book(path)


def _xlsx_rows(path, digest, sheet_name, head, names, rows) -> RawFile:
    width = len(names)
    keep = [i for i, n in enumerate(names) if n]  # drop unnamed (empty) header cells
    names = [names[i] for i in keep]
    _check_duplicate_names(path, names)
    columns: list[list[str]] = [[] for _ in keep]
    for row in rows:
        if row is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue  # Excel often carries formatted but empty rows at the end
        if len(row) < width:
            row = tuple(row) + (None,) * (width - len(row))
        for out, i in zip(columns, keep):
            out.append(_cell_text(row[i]))
    table = pa.table({n: pa.array(col, pa.string()).dictionary_encode() for n, col in zip(names, columns)})
    titles = [" ".join(_cell_text(v) for v in r if v is not None).strip() for r in head[:-1]]
    return RawFile(path=path, naam=path.name, table=table, sha256=digest, formaat="xlsx", blad=sheet_name,
                   kopregel=len(head), titelregels=[t for t in titles if t])


# --- both --------------------------------------------------------------------------------


#: Characters that never belong in a label: C0/C1 control characters except tab and line breaks (NUL, ESC,
#: ...), and the invisible marks that reverse or isolate the writing direction (bidi controls), which can
#: make a name look like another one in Excel.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_NAMES = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL"}


def _control_name(ch: str) -> str:
    return _CONTROL_NAMES.get(ch, f"U+{ord(ch):04X}")


@dataclass
class _MappedColumn:
    """One dictionary column whose labels :func:`_map_dictionary_columns` changed."""

    name: str
    values: list            # the distinct values before the change
    fixes: dict[int, str]   # position in ``values`` -> the new value, for the changed ones only
    indices: np.ndarray     # per row, the position of its value in ``values``
    counts: np.ndarray      # per distinct value, how many rows hold it
    rows: int               # how many rows hold a changed value


def _map_dictionary_columns(raw: RawFile, fix) -> list[_MappedColumn]:
    """Map the distinct values of each dictionary-encoded column and report what changed.

    ``fix(values)`` gets a column's distinct values (the labels) and returns ``{position: new value}`` for
    the ones to change. Working on the labels instead of the rows costs next to nothing; a value that
    becomes equal to another one is merged with it. A column whose changed labels no row holds is left
    as it is and not reported. ``raw.table`` is replaced only when a column changed.
    """
    columns = list(raw.table.columns)
    report: list[_MappedColumn] = []
    for i, name in enumerate(raw.table.column_names):
        col = columns[i]
        if not pa.types.is_dictionary(col.type):
            continue
        chunk = col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()
        values = chunk.dictionary.to_pylist()
        fixes = fix(values)
        if not fixes:
            continue
        indices = chunk.indices.to_numpy(zero_copy_only=False)
        counts = np.bincount(indices, minlength=len(values))
        rows = int(sum(counts[j] for j in fixes))
        if not rows:
            continue
        cleaned = [fixes.get(j, v) for j, v in enumerate(values)]
        text = pa.DictionaryArray.from_arrays(chunk.indices, pa.array(cleaned, pa.string())).cast(pa.string())
        columns[i] = pa.chunked_array([text.dictionary_encode()])
        report.append(_MappedColumn(name, values, fixes, indices, counts, rows))
    if report:
        raw.table = pa.table(columns, names=raw.table.column_names)
    return report


def _remove_control_characters(raw: RawFile) -> None:
    """Remove control and bidi characters from the values the cleaner uses; say which, where, how often."""
    def fix(values):
        return {j: _CONTROL.sub("", v) for j, v in enumerate(values) if v and _CONTROL.search(v)}

    for col in _map_dictionary_columns(raw, fix):
        bad = list(col.fixes)
        rows = col.rows
        first = int(np.flatnonzero(np.isin(col.indices, bad))[0]) + 1
        kinds = sorted({_control_name(c) for j in bad for c in _CONTROL.findall(col.values[j])})
        voorbeeld = next(col.values[j] for j in bad if col.counts[j])
        raw.waarschuwingen.append(
            f"kolom {col.name}: onzichtbare stuurtekens ({', '.join(kinds)}) verwijderd uit {rows} "
            f"{'rij' if rows == 1 else 'rijen'} (eerste: rij {first}, "
            f"'{_CONTROL.sub(lambda m: '<' + _control_name(m.group()) + '>', voorbeeld)[:80]}' → "
            f"'{_CONTROL.sub('', voorbeeld)[:80]}')")


#: UTF-8 read as Windows-1252 and saved again as UTF-8 ('IndustriÃ«le'): 'Ã' or 'Â' before a character that
#: stood for a UTF-8 continuation byte.
_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                       "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac"
                       "\u2122]")


def _unmojibake(value: str) -> str | None:
    """The text a doubly encoded value stood for, or None when it is not one."""
    try:
        fixed = value.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return None
    return fixed if fixed != value and not _MOJIBAKE.search(fixed) else None


def _repair_double_encoding(raw: RawFile) -> None:
    """Labels saved twice as UTF-8 ('IndustriÃ«le') are repaired ('Industriële') and reported: Loep never
    stores such a label."""
    def fix(values):
        return {j: f for j, v in enumerate(values) if v and _MOJIBAKE.search(v) and (f := _unmojibake(v))}

    for col in _map_dictionary_columns(raw, fix):
        rows = col.rows
        j0 = next(j for j in col.fixes if col.counts[j])
        first = int(np.flatnonzero(col.indices == j0)[0]) + 1
        raw.waarschuwingen.append(
            f"kolom {col.name}: {rows} {'rij' if rows == 1 else 'rijen'} met dubbel gecodeerde tekens hersteld "
            f"(eerste: rij {first}, '{col.values[j0][:80]}' → '{col.fixes[j0][:80]}'); het bestand is ooit als "
            f"Windows-1252 gelezen en als UTF-8 bewaard")


def _finish(raw: RawFile) -> None:
    """Drop unnamed columns, list extra columns, check rows and the school year."""
    table = raw.table
    if not all(table.column_names):  # unnamed columns (e.g. a trailing delimiter) hold nothing Loep uses
        table = table.select([i for i, c in enumerate(table.column_names) if c])
    raw.table = table
    raw.extra_kolommen = [c for c in table.column_names if c not in KNOWN_COLUMNS]
    if table.num_rows == 0:
        raise LoepFout(f"'{raw.naam}' bevat een kopregel maar geen gegevensrijen.")
    _remove_control_characters(raw)
    _repair_double_encoding(raw)
    raw.schooljaar_kolom = "schooljaar" in table.column_names
    if raw.schooljaar_kolom:  # the column wins; the name only fills blank cells (when it names one year)
        in_name = schooljaren_in_filename(raw.naam)
        raw.schooljaar_bestandsnaam = in_name[0] if len(in_name) == 1 else None
    else:
        raw.schooljaar_bestandsnaam = schooljaar_from_filename(raw.naam)
    if not raw.schooljaar_kolom and raw.schooljaar_bestandsnaam is None:
        raise LoepFout(
            f"Het schooljaar van '{raw.naam}' is niet te bepalen: het bestand heeft geen kolom 'schooljaar' en de "
            f"bestandsnaam noemt geen schooljaar (zoals '…-dataset-2023-2024-1feb.csv'). Hernoem het bestand of "
            f"voeg een kolom schooljaar toe.")
