"""The main job: from a question specification to the answer workbook and its CSV files.

``make_answer()`` reads the question (TOML), loads the data (building the demonstration
data when there is none), builds the question tables, drafts the answer, and writes the
workbook plus one CSV per table, all or nothing, never over an existing file unless asked.
``loep antwoord`` (``addin.cli.answer_commands``) is a thin wrapper around it.
"""

from __future__ import annotations

import glob

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from addin import demo
from addin.core import store
from addin.core.answer_text import draft_answer
from addin.core.dataset import DataInfo
from addin.core.disclosure import Policy, resolve
from addin.core.errors import LoepFout
from addin.core.publication import publish
from addin.core.query import get_query
from addin.core.questions import build_question_tables
from addin.core.questionspec import QuestionSpec, load_spec
from addin.core.tables import QuestionTable
from addin.report.csv_export import (
    ENCODING, csvw_metadata, excel_nl_path, metadata_path, write_csv, write_csv_excel_nl, write_metadata,
)
from addin.report.document import AnswerDocument
from addin.report.output import (
    EXTENSION, csv_paths, first_free, recover_folder, refuse_existing, resolve_workbook_path, slug,
    write_all_or_nothing,
)
from addin.report.word import render_docx
from addin.report.workbook import render_workbook

Progress = Callable[[str, float], None]

#: Subject of every question Loep answers; the first words of the default file name.
ONDERWERP = "duaal leren"


@dataclass(frozen=True)
class AnswerResult:
    """What :func:`make_answer` made.

    Args:
        workbook_path: the answer workbook (.xlsx).
        csv_paths: one CSV per table, beside the workbook, in table order.
        tables: the question tables shown.
        info: provenance of the data used.
        spec: the question, with the parameters used (``tot`` filled in).
        bezette_naam: the default workbook name that was already taken (then ``workbook_path`` is
            the first free 'naam (2).xlsx', …); None when the workbook got the name asked for.
        geheimhouding: the disclosure policy the tables were published under.
        verborgen: how many table cells it hid.
        docx_path: the draft answer as a Word document, beside the workbook.
        excel_csv_paths: per table the CSV for a Dutch-language Excel (semicolon, decimal comma).
    """

    workbook_path: Path
    csv_paths: tuple[Path, ...]
    tables: tuple[QuestionTable, ...]
    info: DataInfo
    spec: QuestionSpec
    bezette_naam: Path | None = None
    geheimhouding: Policy | None = None
    verborgen: int = 0  #: table cells hidden by disclosure control
    docx_path: Path | None = None
    excel_csv_paths: tuple[Path, ...] = ()


def docx_path(workbook_path: Path) -> Path:
    """The Word document beside the workbook: ``<naam>.docx``."""
    return workbook_path.with_suffix(".docx")


def default_file_name(spec: QuestionSpec) -> str:
    """'antwoord-duaal-leren-antwerpen-vestigingsplaats-2016-2017-2025-2026.xlsx'."""
    p = spec.params
    from addin.core.questionspec import DEFAULT_SPEC

    # a question with its own tables is about its own subject: named after its file
    onderwerp = ONDERWERP if spec.pad.name == DEFAULT_SPEC or not spec.tabellen else spec.naam
    return "antwoord-" + slug(onderwerp, p.provincie, p.basis, p.van, p.tot or "laatste") + EXTENSION


def answer_set_taken(workbook_path: Path) -> bool:
    """Whether any file of an answer set under this name exists: the workbook, its CSVW metadata or a CSV
    ``<naam>_*.csv`` (so a free name is free for the whole set, whichever tables it holds)."""
    return (workbook_path.exists() or metadata_path(workbook_path).exists() or docx_path(workbook_path).exists()
            or any(workbook_path.parent.glob(f"{glob.escape(workbook_path.stem)}_*.csv")))


def _names_file(uit) -> bool:
    """True when ``--uit`` names the workbook itself (not empty, not a folder)."""
    return not (uit is None or str(uit).strip() == "") and not Path(uit).expanduser().is_dir()


def _check_uit(uit) -> None:
    """Refuse a wrong ``--uit`` before the (possibly slow) data loading."""
    if uit is None or str(uit).strip() == "":
        return
    path = Path(uit).expanduser()
    if path.is_dir():
        return
    if path.suffix and path.suffix.lower() != EXTENSION:
        raise LoepFout(f"--uit '{uit}' heeft de extensie '{path.suffix}'; geef een bestandsnaam die eindigt op "
                       f"'{EXTENSION}' of een map.")


def build_document(spec: QuestionSpec, tables: list[QuestionTable], info: DataInfo,
                   gemaakt: datetime | None = None, geheimhouding: Policy | None = None) -> AnswerDocument:
    """The :class:`AnswerDocument` of a question whose tables are built (``spec.params.tot`` filled).

    Args:
        spec: the question with its resolved parameters.
        tables: its tables.
        info: provenance of the data.
        gemaakt: time stamp for the cover (default: now).
        geheimhouding: the policy ``tables`` were published under (:func:`addin.core.publication.publish`);
            the draft answer is written from these tables, so it can only say what they show.
    """
    p = spec.params
    opmerkingen = spec.afwijkingen()
    spec = spec.filled()  # texts with placeholders follow the parameters; literal texts stay literal
    return AnswerDocument(
        opmerkingen=opmerkingen,
        nummer=spec.nummer,
        datum=spec.datum,
        vraagsteller=spec.vraagsteller,
        ministers=spec.ministers_tekst,
        titel=spec.titel,
        inleiding=spec.inleiding,
        vragen=spec.vragen,
        provincie=p.provincie,
        basis=p.basis,
        van=p.van,
        tot=p.tot or "",
        tables=tuple(tables),
        antwoord=tuple(draft_answer(spec, tables, info)),
        info=info,
        gemaakt=gemaakt or datetime.now(),
        open_vragen=spec.open_vragen,
        geheimhouding=geheimhouding or Policy(),
    )


def make_answer(spec_path=None, *, provincie=None, basis=None, van=None, tot=None, uit=None,
                overwrite: bool = False, data_dir=None, progress: Progress | None = None,
                notify: Callable[[str], None] | None = None, geheimhouding: bool | None = None,
                drempel=None) -> AnswerResult:
    """Answer a parliamentary question: workbook + a CSV per table.

    Args:
        spec_path: question file (.toml) or name of a built-in question; None = the seed question
            (duaal leren, provincie Antwerpen).
        provincie, basis, van, tot: override the question's parameters (None = as in the file).
        uit: a file name ending in ``.xlsx`` or a folder (None = current folder); the default name
            is derived from the question (:func:`default_file_name`). When that default name is taken
            (and not ``overwrite``), the set gets the first free name 'naam (2).xlsx', … (see
            ``AnswerResult.bezette_naam``); a file name given in ``uit`` is never changed.
        overwrite: replace existing files (``--overschrijven``).
        data_dir: the data folder (None: ``LOEP_DATA`` / per-user default); demo data is built
            there when it holds no data.
        progress: optional callback ``(wat, fractie)``.
        notify: receives the one-time notice when the demo data was built on first use (where it is,
            how to remove it); default: printed to stderr (``addin.demo.ensure``).
        geheimhouding: False for ``--zonder-geheimhouding`` (internal use, "niet voor publicatie"); None:
            as the question file, ``LOEP_GEHEIMHOUDING`` or the default (on) say (``addin.core.disclosure``).
        drempel: ``--drempel`` (None: question file, environment, 5).

    Returns:
        An :class:`AnswerResult`.

    Raises:
        LoepFout: an unknown province/basis/year, a bad question file, a wrong ``--uit``, an existing
            file named in ``uit`` without ``overwrite``, or data that cannot answer (e.g. a basis it lacks).
    """
    say = progress or (lambda wat, fractie: None)
    say("vraag lezen", 0.0)
    spec = load_spec(spec_path).with_params(provincie=provincie, basis=basis, van=van, tot=tot)
    vraag_geheim = dict(spec.geheimhouding)
    policy = resolve(cli_aan=geheimhouding, cli_drempel=drempel, vraag_aan=vraag_geheim.get("toepassen"),
                     vraag_drempel=vraag_geheim.get("drempel"))
    _check_uit(uit)

    say("gegevens laden", 0.05)

    def loading(wat: str, fractie: float) -> None:  # demo data built on first use: 5 % .. 70 %
        say(wat, 0.05 + 0.65 * max(0.0, min(1.0, fractie)))

    demo.ensure(data_dir, progress=loading, notify=notify)
    dataset = store.load(data_dir)
    query = get_query(data_dir)
    params = spec.params.resolve(query)
    spec = replace(spec, params=params)  # keeps where van came from (a moved first year is said on the cover)

    workbook_path = resolve_workbook_path(uit, default_file_name(spec))
    recover_folder(workbook_path.parent)  # a swap a killed run left there: completed before names are chosen
    bezet = None
    if not overwrite and not _names_file(uit) and answer_set_taken(workbook_path):
        bezet, workbook_path = workbook_path, first_free(workbook_path, answer_set_taken)
    keys = spec.table_keys
    csvs = csv_paths(workbook_path, keys)
    excel_csvs = [excel_nl_path(p) for p in csvs]
    meta_path = metadata_path(workbook_path)
    word_path = docx_path(workbook_path)
    if not overwrite:  # say it now rather than after the work
        refuse_existing([workbook_path, word_path, *csvs, *excel_csvs, meta_path])

    say("tabellen maken", 0.72)
    # small counts hidden and every table audited before anything is drafted or written
    published = publish(build_question_tables(query, spec, list(keys)), policy)
    tables = [p.table for p in published]
    statuses = [p.status for p in published]
    say("antwoord opstellen", 0.85)
    doc = build_document(spec, tables, dataset.info, geheimhouding=policy)

    say("werkboek schrijven", 0.9)
    writers = [(workbook_path, lambda p: render_workbook(doc, p)), (word_path, lambda p: render_docx(doc, p))]
    for table, path, excel_path, status in zip(tables, csvs, excel_csvs, statuses):
        writers.append((path, _csv_writer(table, status)))
        writers.append((excel_path, _csv_writer(table, status, excel_nl=True)))
    metadata = csvw_metadata(tables, csvs, dataset.info, spec.titel, doc.gemaakt, statuses)
    writers.append((meta_path, lambda p: write_metadata(metadata, p)))
    # CSVs of an earlier answer under the same name whose tables this answer no longer has
    stale = [p for p in workbook_path.parent.glob(f"{glob.escape(workbook_path.stem)}_V*.csv")
             if p not in csvs and p not in excel_csvs]
    write_all_or_nothing(writers, overwrite=overwrite, remove=stale if overwrite else ())
    say("klaar", 1.0)
    return AnswerResult(workbook_path, tuple(csvs), tuple(tables), dataset.info, spec, bezet, policy,
                        sum(len(p.verborgen) for p in published), word_path, tuple(excel_csvs))


def _csv_writer(table: QuestionTable, status=None, excel_nl: bool = False) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with open(path, "w", encoding=ENCODING, newline="") as fh:
            (write_csv_excel_nl if excel_nl else write_csv)(table, fh, status)
    return write


__all__ = ["AnswerResult", "make_answer", "default_file_name", "build_document", "answer_set_taken"]
