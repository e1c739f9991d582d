"""The draft answer as a Word document (.docx, python-docx), ready to paste into the answer template.

Order: the synthetic-data warning (first, in red, when the data is synthetic), the heading and the
question line, the source paragraph, then per question its text and the draft answer paragraphs
(a visible placeholder for the questions that are not about data), and an annex with every table
as a real Word table — header row repeated on each page, numbers in the workbook's Dutch style
(``1.234``, ``12,5 %``, ``+89``) — each followed by its source line. Only Word's built-in styles
are used for the text (Title, Heading 1/2, Normal, Table Grid), so it takes on the template's look
when pasted; table cells have four small styles of their own ('Loep tabeltekst', …, 9 pt). The annex is a landscape section so the widest table keeps a readable size; a table
that the workbook prints per measure (V2b) is split the same way here.
"""

from __future__ import annotations

import os
import re
from typing import IO
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt, RGBColor

from addin.core.dataset import SYNTHETIC_LABEL
from addin.report.answer_sheet import PLACEHOLDER
from addin.report.cells import NIET_VAN_TOEPASSING, SYMBOLEN, cell_text, frame_values
from addin.report.document import AnswerDocument, dutch_date, split_answer
from addin.report.parts import table_parts

EXTENSION = ".docx"
WARNING_COLOUR = RGBColor(0xC0, 0x00, 0x00)
TABLE_FONT = Pt(9)
_A4 = (Cm(21.0), Cm(29.7))


def _language(document, tag: str = "nl-BE") -> None:
    """Set the proofing language of the default style (Word checks the spelling in Dutch)."""
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), tag)


#: Paragraph styles of the table cells (9 pt, no space after): (header?, number?) -> style name.
_CELL_STYLES = {(False, False): "Loep tabeltekst", (False, True): "Loep tabelgetal",
                (True, False): "Loep tabelkop", (True, True): "Loep tabelkop getal"}


def _cell_styles(document) -> dict:
    """The four cell styles, made once per document (a style per cell kind is far cheaper than formatting
    every run, and a template that defines them can restyle the tables)."""
    out = {}
    for (header, number), name in _CELL_STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.size = TABLE_FONT
        style.font.bold = header
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.space_before = Pt(0)
        if number:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        out[(header, number)] = style.style_id
    return out


def _run_xml(text: str) -> str:
    """A ``w:r`` element holding ``text``, as python-docx writes it (``run.text = text``): a tab becomes
    ``w:tab``, a line break ``w:br``, the rest ``w:t`` (with ``xml:space="preserve"`` when it has
    leading or trailing white space)."""
    if not text:
        return "<w:r/>"
    parts = []
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return f"<w:r>{''.join(parts)}</w:r>"


_RUN_BREAKS = re.compile(r"([\t\r\n])")


def _style_id(document, name: str, style_type) -> str | None:
    """The id of a built-in style, as python-docx's ``paragraph.style = name`` finds it (None for the default
    style of its kind), looked up once per document: python-docx looks for the default style among all
    styles on every assignment, which cost more than the rest of the text together."""
    style = document.styles[name]
    if style.type != style_type:
        raise ValueError(f"style {name!r} is not of type {style_type}")
    if style.element.default and style == document.styles.default(style_type):
        return None
    return style.style_id


def _add(document, text: str, style_id: str | None):
    """A paragraph in a style given by its id (``document.add_paragraph(text, style=name)`` without the
    lookup)."""
    paragraph = document.add_paragraph(text)
    if style_id is not None:
        paragraph._p.style = style_id
    return paragraph


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of a question text (blank lines separate them)."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _warning(document, text: str) -> None:
    run = document.add_paragraph().add_run(text)
    run.bold = True
    run.font.color.rgb = WARNING_COLOUR


def _table(document, table, part, values: dict[str, list], styles: dict, grid_style: str | None,
           width) -> None:
    """One printed part of a question table as a Word table.

    The table is written as one piece of XML and parsed once, the way python-docx's ``add_table`` makes
    its empty grid, with what python-docx would then add cell by cell already in it (table style,
    alignment, header and cant-split rows, a paragraph style and a run per cell): filling a grid of a few
    thousand cells through python-docx's objects is what made the Word document the slowest part of the
    answer. The XML is the same element for element.
    """
    columns = list(part.columns)
    n_rows = max(len(table.frame), 1)
    col_width = Emu(width // len(columns)).twips if columns else 0
    kinds = [table.format_of(c) for c in columns]
    tc_open = f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{col_width}"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="'
    xml = [f"<w:tbl {nsdecls('w')}><w:tblPr>",
           f'<w:tblStyle w:val="{escape(grid_style)}"/>' if grid_style else "",
           '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="left"/>'
           '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
           'w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>',
           f'<w:gridCol w:w="{col_width}"/>' * len(columns), "</w:tblGrid>",
           '<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>']
    for name, kind in zip(columns, kinds):
        xml.append(f'{tc_open}{styles[(True, kind != "tekst")]}"/></w:pPr>{_run_xml(name)}</w:p></w:tc>')
    xml.append("</w:tr>")
    body = [(values[name], kind, f'{tc_open}{styles[(False, kind != "tekst")]}"/></w:pPr>')
            for name, kind in zip(columns, kinds)]
    for i in range(n_rows):
        xml.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for column, kind, start in body:
            xml.append(f"{start}{_run_xml(cell_text(column[i], kind))}</w:p></w:tc>")
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    document.element.body._insert_tbl(parse_xml("".join(xml)))


def _fit(text: str, limit: int = 255) -> str:
    """A document property fits Word's limit of 255 characters (cut at a word, with an ellipsis)."""
    return text if len(text) <= limit else text[: limit - 2].rsplit(" ", 1)[0] + " …"


def render_docx(doc: AnswerDocument, target: str | os.PathLike | IO[bytes]) -> None:
    """Write the draft answer of ``doc`` as a Word document.

    Args:
        doc: what to show (the same object the workbook is drawn from).
        target: file path or binary file object (the caller handles temp files and renames).
    """
    document = Document()
    _language(document)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    section = document.sections[0]
    section.page_width, section.page_height = _A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))

    props = document.core_properties
    props.title = _fit(f"Ontwerp van antwoord op schriftelijke vraag nr. {doc.nummer}: {doc.titel}")
    props.subject = _fit(doc.titel)
    props.author = "Loep"
    props.language = "nl-BE"
    props.keywords = ", ".join(["schriftelijke vraag", doc.nummer, doc.provincie, doc.basis])
    props.comments = _fit(f"{doc.info.samenvatting}. Gemaakt op {dutch_date(doc.gemaakt)}.")
    props.category = "Parlementaire vraag"
    props.created = doc.gemaakt

    headings = {level: _style_id(document, "Title" if level == 0 else f"Heading {level}", WD_STYLE_TYPE.PARAGRAPH)
                for level in (0, 1, 2)}
    algemeen, per_vraag = split_answer(doc.antwoord, {v.nummer for v in doc.vragen})
    if doc.info.synthetisch:
        _warning(document, f"LET OP: {SYNTHETIC_LABEL}. Dit ontwerp toont hoe het antwoord eruitziet; gebruik "
                           "deze cijfers niet in een antwoord.")
        algemeen = [t for t in algemeen if not t.startswith("LET OP")]  # said once, on top
    _add(document, "Ontwerp van antwoord", headings[0])
    document.add_paragraph(doc.vraag_regel)
    note = document.add_paragraph(f"Ontwerp gemaakt met Loep op {dutch_date(doc.gemaakt, with_time=False)}. "
                                  "Elk cijfer staat in een tabel van de bijlage; nakijken voor verzending.")
    note.runs[0].italic = True
    for text in algemeen:
        document.add_paragraph(text)

    for vraag in doc.vragen:
        _add(document, f"Vraag {vraag.nummer}", headings[2])
        for text in _paragraphs(vraag.tekst):
            document.add_paragraph(text).runs[0].italic = True
        open_vraag = vraag.nummer in doc.open_vragen
        texts = per_vraag.get(vraag.nummer) or ([PLACEHOLDER] if open_vraag else
                                                 ["[x] geen ontwerp van antwoord voor deze vraag"])
        for text in texts:
            p = document.add_paragraph(text)
            if text.startswith("["):
                p.runs[0].italic = True

    if doc.tables:
        annex = document.add_section()
        annex.orientation = WD_ORIENT.LANDSCAPE
        annex.page_width, annex.page_height = _A4[1], _A4[0]
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(annex, side, Cm(1.5))
        _add(document, "Bijlage: tabellen", headings[1])
        styles = _cell_styles(document)
        grid = _style_id(document, "Table Grid", WD_STYLE_TYPE.TABLE)
        width = document._block_width  # what python-docx's add_table spreads over the columns
        for t in doc.tables:
            columns = [str(c) for c in t.frame.columns]
            values = dict(zip(columns, frame_values(t.frame) if len(t.frame) else
                              [[NIET_VAN_TOEPASSING] for _ in columns]))
            _add(document, f"Tabel {t.titel}" if t.titel.startswith(t.sleutel) else f"Tabel {t.sleutel}. {t.titel}",
                 headings[2])
            for part in table_parts(t):
                if part.kop:
                    document.add_paragraph(part.kop).runs[0].bold = True
                _table(document, t, part, values, styles, grid, width)
            bron = next((line for line in t.toelichting if line.startswith("Bron:")),
                        f"Bron: {doc.info.bron}; telling op {doc.info.peildatum}; dataversie {doc.info.dataversie}.")
            lines = [bron]
            if any(NIET_VAN_TOEPASSING in col for col in values.values()):
                lines.append(f"{NIET_VAN_TOEPASSING} = {SYMBOLEN[NIET_VAN_TOEPASSING]}.")
            for line in lines:
                run = document.add_paragraph(line).runs[0]
                run.font.size = Pt(9)
    document.save(target)


__all__ = ["render_docx", "EXTENSION"]
