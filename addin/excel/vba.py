"""A VBA project (``vbaProject.bin``) with Loep's macros, built on Linux without Excel.

How: xlwings ships a standalone macro workbook (``quickstart_standalone.xlsm``, BSD-3) whose VBA
project holds the xlwings module (``RunPython``, ``ImportPythonUDFs``) and its ``Dictionary``
class, stored *without* compiled code (its ``_VBA_PROJECT`` stream is the 7-byte form with
version 0xFFFF, so Excel compiles the modules from their source when it opens the file). This
module reads that project and writes a new one:

- the module ``Loep`` with one macro per button, each calling ``RunPython``;
- the document modules ``ThisWorkbook`` and ``Sheet1`` … ``SheetN`` (one per worksheet, matching
  the code names XlsxWriter gives the sheets);
- the xlwings module and ``Dictionary`` class unchanged (source code only).

The pieces, after [MS-OVBA] and [MS-CFB]: the module sources are compressed with the MS-OVBA
run-length scheme (:func:`compress`; literal tokens only, which every reader accepts); the
``dir`` stream lists the modules (records rebuilt, every MODULEOFFSET 0 = no p-code cache);
the ``PROJECT`` and ``PROJECTwm`` streams name them; and a compound file (CFB version 3,
512-byte sectors, a mini stream for streams under 4 096 bytes) holds it all
(:func:`write_compound_file`). The output is byte-for-byte reproducible.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

import olefile

CODEPAGE = "cp1252"
#: The xlwings template whose VBA project Loep starts from.
TEMPLATE_NAME = "quickstart_standalone.xlsm"


@dataclass(frozen=True)
class Macro:
    """A button macro: ``Sub name()`` running ``RunPython command``."""

    name: str
    command: str
    comment: str = ""


# --- MS-OVBA compression (2.4.1) --------------------------------------------------------------------


def decompress(data: bytes) -> bytes:
    """Decompress an MS-OVBA compressed container."""
    if not data or data[0] != 1:
        raise ValueError("not an MS-OVBA compressed container (signature byte 0x01 missing)")
    out = bytearray()
    pos = 1
    while pos < len(data):
        header = struct.unpack_from("<H", data, pos)[0]
        size = (header & 0x0FFF) + 3
        compressed = header & 0x8000
        chunk_end = min(pos + size, len(data))
        pos += 2
        start = len(out)
        if not compressed:
            out += data[pos:pos + 4096]
            pos += 4096
            continue
        while pos < chunk_end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if not flags & (1 << bit):
                    out.append(data[pos])
                    pos += 1
                    continue
                token = struct.unpack_from("<H", data, pos)[0]
                pos += 2
                offset_bits = max((len(out) - start - 1).bit_length(), 4)
                length_mask = 0xFFFF >> offset_bits
                length = (token & length_mask) + 3
                offset = (token >> (16 - offset_bits)) + 1
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


def _compress_chunk(chunk: bytes) -> bytes:
    """Token sequences of one chunk (LZ77 with the offset/length split of 2.4.1.3.19.1)."""
    out = bytearray()
    index: dict[bytes, list[int]] = {}
    pos, n = 0, len(chunk)

    def remember(p: int) -> None:
        if p + 3 <= n:
            index.setdefault(chunk[p:p + 3], []).append(p)

    while pos < n:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= n:
                break
            best_len = best_off = 0
            if pos and pos + 3 <= n:
                offset_bits = max((pos - 1).bit_length(), 4)
                max_len = (0xFFFF >> offset_bits) + 3
                for cand in reversed(index.get(chunk[pos:pos + 3], [])[-48:]):
                    length = 3
                    while pos + length < n and length < max_len and chunk[cand + length] == chunk[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_off = length, pos - cand
                        if length == max_len:
                            break
            if best_len >= 3:
                out += struct.pack("<H", ((best_off - 1) << (16 - offset_bits)) | (best_len - 3))
                flags |= 1 << bit
                for p in range(pos, pos + best_len):
                    remember(p)
                pos += best_len
            else:
                out.append(chunk[pos])
                remember(pos)
                pos += 1
        out[flag_at] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """MS-OVBA compressed container of ``data`` (2.4.1.3): 4 096-byte chunks, each LZ77-compressed,
    or stored raw when a full chunk does not shrink."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), 4096):
        chunk = data[start:start + 4096]
        body = _compress_chunk(chunk)
        if len(body) > 4096 and len(chunk) == 4096:
            out += struct.pack("<H", 0x3FFF) + chunk  # uncompressed chunk
        else:
            out += struct.pack("<H", 0x8000 | 0x3000 | (len(body) + 2 - 3)) + body
    return bytes(out)


# --- the dir stream (2.3.4.2) ---------------------------------------------------------------------------


def _records(data: bytes) -> list[tuple[int, bytes]]:
    records = []
    pos = 0
    while pos < len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        if rid == 0x0009:  # PROJECTVERSION: Reserved=4, then 4 + 2 bytes
            size = 6
        records.append((rid, data[pos + 6:pos + 6 + size]))
        pos += 6 + size
    return records


def _pack(rid: int, payload: bytes) -> bytes:
    if rid == 0x0009:
        return struct.pack("<HI", rid, 4) + payload
    return struct.pack("<HI", rid, len(payload)) + payload


def _module_records(name: str, document: bool, cookie: int) -> bytes:
    mbcs = name.encode(CODEPAGE)
    uni = name.encode("utf-16-le")
    parts = [
        _pack(0x0019, mbcs), _pack(0x0047, uni),          # MODULENAME, MODULENAMEUNICODE
        _pack(0x001A, mbcs), _pack(0x0032, uni),          # MODULESTREAMNAME (+ unicode)
        _pack(0x001C, b""), _pack(0x0048, b""),           # MODULEDOCSTRING (+ unicode)
        _pack(0x0031, struct.pack("<I", 0)),              # MODULEOFFSET: source starts at 0
        _pack(0x001E, struct.pack("<I", 0)),              # MODULEHELPCONTEXT
        _pack(0x002C, struct.pack("<H", cookie)),         # MODULECOOKIE
        _pack(0x0022 if document else 0x0021, b""),       # MODULETYPE document/class or procedural
        _pack(0x002B, b""),                               # terminator
    ]
    return b"".join(parts)


# --- the project ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Module:
    name: str
    kind: str  # 'document', 'module' or 'class'
    source: str


def _template_project(template: Path) -> tuple[olefile.OleFileIO, dict[str, _Module], bytes, str]:
    with zipfile.ZipFile(template) as z:
        raw = z.read("xl/vbaProject.bin")
    ole = olefile.OleFileIO(io.BytesIO(raw))
    project_text = ole.openstream("PROJECT").read().decode(CODEPAGE)
    dir_data = decompress(ole.openstream("VBA/dir").read())
    modules: dict[str, _Module] = {}
    name = None
    offset = 0
    kinds = {}
    for line in project_text.splitlines():
        key, _, value = line.partition("=")
        if key in ("Document", "Module", "Class"):
            kinds[value.split("/")[0]] = {"Document": "document", "Module": "module", "Class": "class"}[key]
    for rid, payload in _records(dir_data):
        if rid == 0x0019:
            name = payload.decode(CODEPAGE)
        elif rid == 0x0031:
            offset = struct.unpack("<I", payload)[0]
        elif rid == 0x002B and name:
            stream = ole.openstream(f"VBA/{name}").read()
            source = decompress(stream[offset:]).decode(CODEPAGE)
            modules[name] = _Module(name, kinds.get(name, "module"), source)
            name = None
    return ole, modules, dir_data, project_text


def _button_module(macros: list[Macro]) -> str:
    lines = ['Attribute VB_Name = "Loep"',
             "' Loep: de knoppen van het blad Start. Elke macro start Python via xlwings (RunPython).",
             "' Gemaakt door 'loep werkboek'; wat u hier wijzigt, verdwijnt als het werkboek opnieuw gebouwd wordt.",
             "Option Explicit", ""]
    for macro in macros:
        if macro.comment:
            lines.append(f"' {macro.comment}")
        command = macro.command.replace('"', '""')
        lines += [f"Sub {macro.name}()", f'    RunPython "{command}"', "End Sub", ""]
    return "\r\n".join(lines)


def _document_source(template_source: str, old: str, new: str) -> str:
    return template_source.replace(f'Attribute VB_Name = "{old}"', f'Attribute VB_Name = "{new}"')


def build_vba_project(macros: list[Macro], sheet_code_names: list[str], extra_modules: dict[str, str] | None = None,
                      template: Path | None = None, workbook_code: str = "") -> bytes:
    """The bytes of a ``vbaProject.bin``.

    Args:
        macros: the button macros (module ``Loep``).
        sheet_code_names: VBA code names of the worksheets, in order ('Sheet1', 'Sheet2', …).
        extra_modules: further standard modules, name -> source (with its ``Attribute VB_Name`` line).
        template: the xlwings standalone workbook (default: the one shipped with xlwings).
        workbook_code: VBA appended to the ``ThisWorkbook`` document module (e.g. a ``Workbook_Open``).

    Returns:
        The compound file, ready for XlsxWriter's ``add_vba_project(..., is_stream=True)``.
    """
    if template is None:
        import xlwings

        template = Path(xlwings.__file__).parent / TEMPLATE_NAME
    ole, tmodules, dir_data, project_text = _template_project(template)
    ole.close()
    if "xlwings" not in tmodules or "ThisWorkbook" not in tmodules or "Sheet1" not in tmodules:
        raise RuntimeError(f"unexpected VBA project in {template}: modules {sorted(tmodules)}")

    this_workbook = tmodules["ThisWorkbook"].source
    if workbook_code:
        this_workbook = this_workbook.rstrip("\r\n") + "\r\n" + workbook_code
    modules: list[_Module] = [_Module("ThisWorkbook", "document", this_workbook)]
    for code in sheet_code_names:
        modules.append(_Module(code, "document", _document_source(tmodules["Sheet1"].source, "Sheet1", code)))
    modules.append(_Module("Loep", "module", _button_module(macros)))
    for name, source in (extra_modules or {}).items():
        modules.append(_Module(name, "module", source))
    modules.append(tmodules["xlwings"])
    for name, mod in tmodules.items():
        if mod.kind == "class":
            modules.append(mod)

    # dir: the template's project information and references, then our modules
    records = _records(dir_data)
    head = b"".join(_pack(rid, payload) for rid, payload in records[: [r for r, _ in records].index(0x000F)])
    body = [_pack(0x000F, struct.pack("<H", len(modules))), _pack(0x0013, struct.pack("<H", 0xFFFF))]
    for i, mod in enumerate(modules):
        body.append(_module_records(mod.name, mod.kind != "module", 0xFFFF))
    dir_stream = head + b"".join(body) + _pack(0x0010, b"")

    # PROJECT: the template's lines with our module list and workspace
    lines = project_text.replace("\r\n", "\n").split("\n")
    out_lines = []
    for line in lines:
        key = line.partition("=")[0]
        if key in ("Document", "Module", "Class", "Package", "BaseClass"):
            continue
        if line.startswith("Name="):
            for mod in modules:
                tag = {"document": "Document", "module": "Module", "class": "Class"}[mod.kind]
                out_lines.append(f"{tag}={mod.name}/&H00000000" if mod.kind == "document" else f"{tag}={mod.name}")
        if line == "[Workspace]":
            out_lines.append(line)
            for mod in modules:
                out_lines.append(f"{mod.name}=0, 0, 0, 0, C")
            break
        out_lines.append(line)
    project = ("\r\n".join(out_lines) + "\r\n").encode(CODEPAGE)
    project_wm = b"".join(m.name.encode(CODEPAGE) + b"\x00" + m.name.encode("utf-16-le") + b"\x00\x00"
                          for m in modules) + b"\x00\x00"

    streams: dict[tuple[str, ...], bytes] = {
        ("PROJECT",): project,
        ("PROJECTwm",): project_wm,
        ("VBA", "_VBA_PROJECT"): b"\xcc\x61\xff\xff\x00\x01\x00",  # no p-code cache: Excel compiles the source
        ("VBA", "dir"): compress(dir_stream),
    }
    for mod in modules:
        streams[("VBA", mod.name)] = compress(mod.source.encode(CODEPAGE))
    return write_compound_file(streams)


# --- MS-CFB version 3 ------------------------------------------------------------------------------------

_SECTOR = 512
_MINI = 64
_CUTOFF = 4096
_FREE, _END, _FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list | None = None
    start: int = _END
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    color: int = 1  # black


def _cfb_key(name: str) -> tuple[int, str]:
    return (len(name), name.upper())


def _tree(entries: list[_Entry], ids: dict[int, int]) -> int:
    """Arrange siblings as a balanced binary search tree (valid red-black colouring); returns the root id."""
    ordered = sorted(entries, key=lambda e: _cfb_key(e.name))
    depth_of: dict[int, int] = {}

    def build(lo: int, hi: int, depth: int) -> int:
        if lo > hi:
            return _NOSTREAM
        mid = (lo + hi) // 2
        entry = ordered[mid]
        depth_of[id(entry)] = depth
        entry.left = build(lo, mid - 1, depth + 1)
        entry.right = build(mid + 1, hi, depth + 1)
        return ids[id(entry)]

    root = build(0, len(ordered) - 1, 0)
    deepest = max(depth_of.values(), default=0)
    for entry in ordered:
        entry.color = 0 if deepest > 0 and depth_of[id(entry)] == deepest else 1
    return root


def write_compound_file(streams: dict[tuple[str, ...], bytes]) -> bytes:
    """A CFB v3 file holding ``streams`` (path tuple -> bytes); storages are made from the paths."""
    root = _Entry("Root Entry", 5, children=[])
    storages: dict[tuple[str, ...], _Entry] = {(): root}
    order: list[_Entry] = [root]
    for path in sorted(streams):
        parent = root
        for depth in range(1, len(path)):
            key = path[:depth]
            if key not in storages:
                storage = _Entry(path[depth - 1], 1, children=[])
                storages[key] = storage
                parent.children.append(storage)
                order.append(storage)
            parent = storages[key]
        entry = _Entry(path[-1], 2, data=streams[path])
        parent.children.append(entry)
        order.append(entry)
    ids = {id(e): i for i, e in enumerate(order)}

    # mini stream (streams < 4096 bytes) and regular sectors (the rest)
    mini = bytearray()
    minifat: list[int] = []
    big: list[_Entry] = []
    for entry in order:
        if entry.kind != 2:
            continue
        if len(entry.data) >= _CUTOFF:
            big.append(entry)
            continue
        if not entry.data:
            entry.start = _END
            continue
        n = -(-len(entry.data) // _MINI)
        entry.start = len(minifat)
        minifat += [entry.start + i + 1 for i in range(n - 1)] + [_END]
        mini += entry.data + b"\x00" * (n * _MINI - len(entry.data))

    sectors: list[bytes] = []
    fat: list[int] = []

    def add_chain(data: bytes) -> int:
        if not data:
            return _END
        n = -(-len(data) // _SECTOR)
        first = len(sectors)
        for i in range(n):
            sectors.append(data[i * _SECTOR:(i + 1) * _SECTOR].ljust(_SECTOR, b"\x00"))
            fat.append(first + i + 1 if i < n - 1 else _END)
        return first

    for entry in big:
        entry.start = add_chain(entry.data)
    root.start = add_chain(bytes(mini))
    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    minifat_bytes += struct.pack("<I", _FREE) * ((-len(minifat)) % (_SECTOR // 4))
    minifat_start = add_chain(minifat_bytes) if minifat else _END
    minifat_sectors = len(minifat_bytes) // _SECTOR if minifat else 0

    for entry in order:
        if entry.children:
            entry.child = _tree(entry.children, ids)
    directory = bytearray()
    for entry in order:
        name = entry.name.encode("utf-16-le") + b"\x00\x00"
        size = len(bytes(mini)) if entry.kind == 5 else (len(entry.data) if entry.kind == 2 else 0)
        start = entry.start if entry.kind in (2, 5) else 0
        directory += struct.pack("<64sHBB3I16sI8s8sIII", name, len(name), entry.kind, entry.color, entry.left,
                                 entry.right, entry.child, b"\x00" * 16, 0, b"\x00" * 8, b"\x00" * 8, start,
                                 size, 0)
    empty = struct.pack("<64sHBB3I16sI8s8sIII", b"", 0, 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM, b"\x00" * 16, 0,
                        b"\x00" * 8, b"\x00" * 8, 0, 0, 0)
    while len(directory) % _SECTOR:
        directory += empty
    dir_start = add_chain(bytes(directory))

    # FAT sectors: enough to cover every sector including themselves
    n_fat = 1
    while (len(sectors) + n_fat) > n_fat * (_SECTOR // 4):
        n_fat += 1
    if n_fat > 109:
        raise ValueError("VBA project too large for a single DIFAT header")
    fat_start = len(sectors)
    fat += [_FATSECT] * n_fat
    fat += [_FREE] * (n_fat * (_SECTOR // 4) - len(fat))
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    for i in range(n_fat):
        sectors.append(fat_bytes[i * _SECTOR:(i + 1) * _SECTOR])

    difat = [fat_start + i for i in range(n_fat)] + [_FREE] * (109 - n_fat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x00" * 16, 0x003E, 0x0003, 0xFFFE, 9, 6, b"\x00" * 6,
        0, n_fat, dir_start, 0, _CUTOFF, minifat_start, minifat_sectors, _END, 0,
    ) + b"".join(struct.pack("<I", v) for v in difat)
    assert len(header) == _SECTOR
    return header + b"".join(sectors)
