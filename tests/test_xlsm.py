"""The desktop macro workbook: VBA project (olevba, LibreOffice), buttons, drop-down lists, xlwings.conf."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import olefile
import openpyxl
import pandas as pd
import pytest
from oletools.olevba import VBA_Parser, decompress_stream

from addin.cli.main import main as cli
from addin.core.labels import PROVINCIES
from addin.excel import vba
from addin.excel import udfs, vba_functions
from addin.excel.workbook import BUTTONS, DEFAULT_PATH, build_workbook

REFERENCE = Path(__file__).resolve().parent.parent / "addin" / "reference" / "leerlingen-aggregaten-2016-2025.csv"
EXPECTED_MACROS = {
    "GegevensOphalen": "import addin.excel.desktop as d; d.gegevens_ophalen()",
    "VraagtabellenVullen": "import addin.excel.desktop as d; d.vraagtabellen_vullen()",
    "AntwoordbundelMaken": "import addin.excel.desktop as d; d.antwoordbundel_maken()",
}


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory) -> Path:
    return build_workbook(tmp_path_factory.mktemp("wb") / "loep.xlsm")


def vba_modules(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        assert parser.detect_vba_macros(), "no VBA project found"
        return {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_vba_project_has_each_button_macro_calling_runpython(xlsm):
    modules = vba_modules(xlsm)
    loep = modules["Loep.bas"]
    for macro, command in EXPECTED_MACROS.items():
        body = re.search(rf"Sub {macro}\(\)\s*\n(.*?)\nEnd Sub", loep.replace("\r", ""), re.S)
        assert body, macro
        assert body.group(1).strip() == f'RunPython "{command}"'
    # the standalone xlwings VBA that RunPython lives in
    assert "Public Function RunPython(PythonCommand As String)" in modules["xlwings.bas"]
    assert "Sub ImportPythonUDFs()" in modules["xlwings.bas"]
    assert {"ThisWorkbook.cls", "Sheet1.cls", "Sheet2.cls", "Sheet3.cls", "Dictionary.cls", "xlwings_udfs.bas",
            "LoepHulp.bas"} <= set(modules)
    assert not any("LoepFormules" in m or "FormulesImporteren" in c for m, c in modules.items())


def test_the_desktop_entry_points_exist():
    import addin.excel.desktop as desktop

    for command in EXPECTED_MACROS.values():
        name = command.rsplit("d.", 1)[1].rstrip("()")
        assert callable(getattr(desktop, name))


def test_buttons_on_start_sheet_point_to_the_macros(xlsm):
    with zipfile.ZipFile(xlsm) as z:
        names = z.namelist()
        vml = "".join(z.read(n).decode() for n in names if n.startswith("xl/drawings/vmlDrawing"))
        workbook_xml = z.read("xl/workbook.xml").decode()
        sheets = {n: z.read(n).decode() for n in names if re.match(r"xl/worksheets/sheet\d\.xml", n)}
        assert "xl/vbaProject.bin" in names
        content_types = z.read("[Content_Types].xml").decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in content_types
    macros = re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml)
    assert macros == [b.macro for b in BUTTONS]  # no 'Formules importeren': the formulas are already there
    captions = [b.caption for b in BUTTONS]
    for caption in captions:
        assert caption in vml
    # the code names the VBA document modules are for
    assert 'codeName="ThisWorkbook"' in workbook_xml
    assert [re.search(r'codeName="(\w+)"', sheets[f"xl/worksheets/sheet{i}.xml"]).group(1)
            for i in (1, 2, 3)] == ["Sheet1", "Sheet2", "Sheet3"]


def test_parameters_sheet_has_drop_down_lists_of_valid_values(xlsm):
    wb = openpyxl.load_workbook(xlsm, keep_vba=True)
    assert wb.sheetnames == ["Start", "Parameters", "xlwings.conf"]
    ws = wb["Parameters"]
    labels = {ws.cell(r, 1).value: r for r in range(1, 20) if ws.cell(r, 1).value}
    for label in ("vraag", "provincie", "basis", "van", "tot", "Resultaat"):
        assert label in labels
    from addin.core.questionspec import builtin_specs

    assert ws[f"B{labels['vraag']}"].value == "duaal-leren-antwerpen"
    lists = {str(dv.sqref): dv.formula1.strip('"').split(",") for dv in ws.data_validations.dataValidation}
    years = sorted(y for y in pd.read_csv(REFERENCE, dtype=str)["schooljaar"].unique() if len(y) == 9)
    assert lists[f"B{labels['provincie']}"] == list(PROVINCIES)
    assert lists[f"B{labels['basis']}"] == ["vestigingsplaats", "hoofdzetel", "woonplaats"]
    assert lists[f"B{labels['van']}"] == years and lists[f"B{labels['tot']}"] == years
    assert ws[f"B{labels['provincie']}"].value in PROVINCIES
    assert ws[f"B{labels['van']}"].value == years[0] and ws[f"B{labels['tot']}"].value == years[-1]


def test_xlwings_conf_sheet(xlsm):
    ws = openpyxl.load_workbook(xlsm, keep_vba=True)["xlwings.conf"]
    conf = {}
    for row in ws.iter_rows(min_col=1, max_col=2):
        if row[0].value is None:  # xlwings stops at the first empty cell of column A
            break
        conf[row[0].value.upper()] = row[1].value
    assert conf["UDF MODULES"] == "addin.excel.udfs"
    assert conf["INTERPRETER_WIN"].endswith(r"\Scripts\pythonw.exe")
    assert conf["USE UDF SERVER"] == "False"


def test_start_sheet_shows_formulas_as_text_and_live(xlsm):
    wb = openpyxl.load_workbook(xlsm, keep_vba=True)
    ws = wb["Start"]
    texts = [c.value for row in ws.iter_rows(min_col=2, max_col=2) for c in row if isinstance(c.value, str)]
    assert '=LOEP_DUAAL("2024-2025";"Antwerpen")' in texts
    with zipfile.ZipFile(xlsm) as z:
        sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
    assert '<f>LOEP_DUAAL("2024-2025","Antwerpen")</f>' in sheet1.replace("&quot;", '"')
    assert "importeren" not in sheet1
    assert re.search(r'<f t="array" ref="F9"[^>]*>LOEP_REEKS\(', sheet1.replace("&quot;", '"'))
    # the example shown as text is a string cell, not a formula
    assert re.search(r'<c r="B\d+" [^>]*t="s"', sheet1)


def test_vba_project_directory_is_a_valid_red_black_tree(xlsm):
    with zipfile.ZipFile(xlsm) as z:
        ole = olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin")))
    check_red_black_directory(ole)
    assert ole.openstream("VBA/_VBA_PROJECT").read() == b"\xcc\x61\xff\xff\x00\x01\x00"  # no p-code cache


def test_build_is_reproducible_and_committed_workbook_is_current(xlsm, tmp_path):
    again = build_workbook(tmp_path / "again.xlsm")
    assert again.read_bytes() == xlsm.read_bytes()
    assert DEFAULT_PATH.exists(), "workbooks/loep.xlsm is missing: run 'loep werkboek'"
    stale = "workbooks/loep.xlsm is out of date: run 'loep werkboek --overschrijven'"
    with zipfile.ZipFile(DEFAULT_PATH) as committed, zipfile.ZipFile(xlsm) as fresh:
        assert committed.namelist() == fresh.namelist(), stale
        for name in fresh.namelist():
            if name != "xl/vbaProject.bin":  # its xlwings module follows the installed xlwings version
                assert committed.read(name) == fresh.read(name), f"{stale} ({name})"
    for module in ("Loep.bas", "xlwings_udfs.bas", "LoepHulp.bas", "ThisWorkbook.cls"):
        assert vba_modules(DEFAULT_PATH)[module] == vba_modules(xlsm)[module], stale


def test_cli_refuses_to_overwrite_and_checks_extension(tmp_path, capsys):
    target = tmp_path / "mijn.xlsm"
    assert cli(["werkboek", "--uit", str(target)]) == 0
    before = target.read_bytes()
    assert cli(["werkboek", "--uit", str(target)]) == 2
    assert "bestaat al; gebruik --overschrijven" in capsys.readouterr().err
    assert target.read_bytes() == before
    assert cli(["werkboek", "--uit", str(target), "--overschrijven"]) == 0
    assert cli(["werkboek", "--uit", str(tmp_path / "x.xlsx")]) == 2
    assert "moet eindigen op .xlsm" in capsys.readouterr().err
    assert not list(tmp_path.glob(".loep-*"))  # no temporary files left


# --- the VBA building blocks --------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"x", b"Sub A()\r\n" * 700, bytes(range(256)) * 40,
                                  (Path(vba.__file__)).read_bytes()])
def test_ovba_compression_roundtrips_through_oletools(data):
    packed = vba.compress(data)
    assert bytes(decompress_stream(bytearray(packed))) == data  # independent decompressor
    assert vba.decompress(packed) == data


def test_compound_file_read_back_by_olefile():
    streams = {("PROJECT",): b"ID=1\r\n" * 3, ("VBA", "dir"): b"d" * 5000, ("VBA", "Small"): b"s" * 65,
               ("VBA", "Empty"): b"", ("VBA", "Sub", "Deep"): bytes(range(256)) * 50, ("Z",): b"z" * 4096}
    data = vba.write_compound_file(streams)
    ole = olefile.OleFileIO(io.BytesIO(data))
    assert sorted(tuple(p) for p in ole.listdir()) == sorted(streams)
    for path, content in streams.items():
        assert ole.openstream("/".join(path)).read() == content
    assert ole.get_type("VBA") == olefile.STGTY_STORAGE
    check_red_black_directory(ole)


def check_red_black_directory(ole) -> None:
    """[MS-CFB] 2.6.4: siblings form a red-black tree ordered by (name length, upper-case name)."""
    entries = {e.sid: e for e in ole.direntries if e is not None}
    nostream = 0xFFFFFFFF

    def walk(sid, low, high):  # returns the black height; checks order and no red-red
        if sid == nostream:
            return 1
        e = entries[sid]
        key = (len(e.name), e.name.upper())
        assert (low is None or low < key) and (high is None or key < high), e.name
        for child in (e.sid_left, e.sid_right):
            if e.color == 0 and child != nostream:
                assert entries[child].color == 1, f"red {e.name} has a red child"
        left = walk(e.sid_left, low, key)
        right = walk(e.sid_right, key, high)
        assert left == right, f"unequal black height under {e.name}"
        return left + (e.color == 1)

    for e in entries.values():
        if e.entry_type in (olefile.STGTY_STORAGE, olefile.STGTY_ROOT) and e.sid_child != nostream:
            assert entries[e.sid_child].color == 1  # the root of each tree is black
            walk(e.sid_child, None, None)


@pytest.mark.skipif(not shutil.which("soffice") and os.environ.get("CI") != "true", reason="LibreOffice absent")
def test_libreoffice_imports_the_vba_modules(xlsm, tmp_path):
    """A second, independent reader of CFB + dir stream + compressed source (the file LibreOffice writes is
    thrown away: never ship an .xlsm that LibreOffice saved)."""
    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA"><prop oor:name="Load" oor:op="fuse">'
        '<value>true</value></prop></item></oor:items>', encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run(["timeout", "120", "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--norestore", "--convert-to", "ods", "--outdir", str(out), str(xlsm)],
                   check=True, capture_output=True, env={**os.environ, "HOME": str(tmp_path)})
    with zipfile.ZipFile(out / "loep.ods") as z:
        basic = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("Basic/")}
    loep = next(v for k, v in basic.items() if k.endswith("/Loep.xml"))
    for macro, command in EXPECTED_MACROS.items():
        assert f"Sub {macro}()" in loep and command in loep
    assert any(k.endswith("/xlwings.xml") for k in basic)
    udf_module = next(v for k, v in basic.items() if k.endswith("/xlwings_udfs.xml"))
    for name in udfs.REGISTERED:
        assert f"Function {name}(" in udf_module
    assert "Sub LoepHulpRegistreren()" in next(v for k, v in basic.items() if k.endswith("/LoepHulp.xml"))


def test_drop_down_years_from_a_given_store(tmp_path, capsys):
    from addin.core import store
    from canonical_fixture import make_dataset

    ds = make_dataset(n=300, years=("2021-2022", "2022-2023"))
    data = tmp_path / "data"
    store._write_store(data / store.STORE_NAME, ds.frame, ds.info, {y: ds.info.bases for y in ds.info.schooljaren})
    target = tmp_path / "eigen.xlsm"
    assert cli(["werkboek", "--uit", str(target), "--data", str(data)]) == 0
    ws = openpyxl.load_workbook(target, keep_vba=True)["Parameters"]
    lists = {str(dv.sqref): dv.formula1.strip('"').split(",") for dv in ws.data_validations.dataValidation}
    assert lists["B7"] == lists["B8"] == ["2021-2022", "2022-2023"]  # B4 vraag, B5 provincie, B6 basis
    assert ws["B7"].value == "2021-2022" and ws["B8"].value == "2022-2023"
    assert cli(["werkboek", "--uit", str(tmp_path / "leeg.xlsm"), "--data", str(tmp_path / "niets")]) == 2
    assert "Geen gegevens gevonden" in capsys.readouterr().err


def test_parameters_sheet_is_marked_as_loeps_own():
    """So the task pane's 'Blad Parameters maken' may rebuild it (buttons only replace Loep's sheets)."""
    from addin.excel.buttons import PARAMETER_SHEET, marker_name

    from addin.excel.workbook import DEFAULT_PATH

    wb = openpyxl.load_workbook(DEFAULT_PATH, keep_vba=True)
    name = wb.defined_names[marker_name(PARAMETER_SHEET)]
    assert name.attr_text == f"{PARAMETER_SHEET}!$A$1"


# --- the cell functions in the VBA project: no 'Import Functions', no trust setting -------------------------


def windows_xlwings_udfs():
    """xlwings' own udfs.py (the module behind 'Import Functions'), loaded on Linux with its three Windows-only
    imports stubbed: only its pure-Python parts are used (``xlfunc``/``xlarg``, ``generate_vba_wrapper``)."""
    import importlib.util
    import sys
    import types

    import xlwings

    stubs = {"pythoncom": types.SimpleNamespace(CoInitialize=lambda: None),
             "pywintypes": types.SimpleNamespace(com_error=Exception), "win32com": types.ModuleType("win32com"),
             "win32com.client": types.SimpleNamespace(Dispatch=None)}
    saved = {k: sys.modules.get(k) for k in stubs}
    sys.modules.update(stubs)
    try:
        spec = importlib.util.spec_from_file_location("xlwings._udfs_windows", Path(xlwings.__file__).parent / "udfs.py")
        module = importlib.util.module_from_spec(spec)
        module.__package__ = "xlwings"
        spec.loader.exec_module(module)
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k)
            else:
                sys.modules[k] = v
    return module


def as_on_windows(path: Path, name: str, xlwings_udfs):
    """Execute the cell-function module at ``path`` as on Windows: ``xw.func``/``xw.arg`` are xlwings' real
    decorators, so every function carries the ``__xlfunc__`` metadata 'Import Functions' reads."""
    import importlib.util

    import xlwings as xw

    before = xw.func, xw.arg
    xw.func, xw.arg = xlwings_udfs.xlfunc, xlwings_udfs.xlarg
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        xw.func, xw.arg = before
    return module


def xlwings_import_output(module, xlwings_udfs) -> str:
    import types

    out = io.StringIO()
    xlwings_udfs.generate_vba_wrapper(module.__name__, module, out, types.SimpleNamespace(Name="loep.xlsm"))
    return out.getvalue()


def module_body(source: str) -> str:
    """A generated module without its header (name attribute, Dutch comments, #Const line)."""
    lines = source.replace("\r\n", "\n").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("#Const App"))
    return "\n".join(lines[start + 1:])


def test_formula_module_is_what_xlwings_import_functions_writes():
    xlwings_udfs = windows_xlwings_udfs()
    windows = as_on_windows(Path(udfs.__file__), "addin.excel.udfs", xlwings_udfs)
    assert module_body(vba_functions.udf_module(windows)) == xlwings_import_output(windows, xlwings_udfs)
    assert module_body(vba_functions.udf_module()) == xlwings_import_output(windows, xlwings_udfs)
    source = vba_functions.udf_module()
    assert source.startswith('Attribute VB_Name = "xlwings_udfs"')  # so a later Import Functions replaces it
    assert '#Const App = "Microsoft Excel"' in source


def test_formula_module_for_a_variable_number_of_arguments(tmp_path):
    """ParamArray (``*filters``): the same wrapper xlwings writes, also where the real module has none yet."""
    code = (
        "import xlwings as xw\n"
        "REGISTERED = {}\n"
        "CATEGORY = 'Loep'\n"
        "@xw.func\n"
        "def LOEP_X(schooljaar, *filters):\n"
        "    return 1\n"
        "@xw.func\n"
        "def LOEP_Y(*waarden):\n"
        "    return 1\n"
        "REGISTERED.update(LOEP_X=(LOEP_X, 'x'), LOEP_Y=(LOEP_Y, 'y'))\n"
    )
    path = tmp_path / "varargs_udfs.py"
    path.write_text(code, encoding="utf-8")
    xlwings_udfs = windows_xlwings_udfs()
    module = as_on_windows(path, "varargs_udfs", xlwings_udfs)
    ours = vba_functions.udf_module(module)
    assert module_body(ours) == xlwings_import_output(module, xlwings_udfs)
    assert "Function LOEP_X(schooljaar, ParamArray filters())" in ours


def parse_vba_functions(source: str) -> dict[str, tuple[list[str], list[str], str | None, str]]:
    """Function name -> (arguments, optional ones, ParamArray, body), read from VBA source text."""
    out = {}
    for m in re.finditer(r"^Function (\w+)\((.*?)\)\r?\n(.*?)^End Function", source, re.S | re.M):
        names, optional, vararg = [], [], None
        for part in filter(None, (p.strip() for p in m.group(2).split(","))):
            words = part.split()
            arg = words[-1].removesuffix("()")
            names.append(arg)
            if words[0] == "Optional":
                optional.append(arg)
            elif words[0] == "ParamArray":
                vararg = arg
        out[m.group(1)] = (names, optional, vararg, m.group(3))
    return out


def test_workbook_holds_a_wrapper_per_python_function_with_its_signature(xlsm):
    """Read back with olevba: every LOEP_* function of addin.excel.udfs, with the Python signature."""
    import inspect

    functions = parse_vba_functions(vba_modules(xlsm)["xlwings_udfs.bas"])
    assert set(functions) == set(udfs.REGISTERED) and set(functions) == {
        f"LOEP_{excel}" for excel in __import__("addin.excel.functions", fromlist=["x"]).FUNCTIONS.values()}
    for name, (names, optional, vararg, body) in functions.items():
        params = inspect.signature(getattr(udfs, name)).parameters.values()
        assert names == [p.name for p in params], name
        assert optional == [p.name for p in params if p.default is not inspect.Parameter.empty], name
        assert vararg == next((p.name for p in params if p.kind is inspect.Parameter.VAR_POSITIONAL), None)
        call = f'{name} = XLPy.CallUDF("addin.excel.udfs", "{name}", '
        assert body.count(call) == 2 and "ThisWorkbook, Application.Caller)" in body, name
        if not vararg:
            assert f"Array({', '.join(names)})" in body, name


def vba_literal(text: str) -> str:
    assert text.startswith('"') and text.endswith('"')
    return text[1:-1].replace('""', '"')


def parse_macro_options(source: str) -> dict[str, dict]:
    """Function name -> the MacroOptions arguments (Description, Category, ArgumentDescriptions) in VBA source."""
    joined = re.sub(r" _\r?\n\s*", " ", source)
    out = {}
    literal = r'("(?:[^"]|"")*")'
    for line in joined.splitlines():
        m = re.match(r"\s*Application\.MacroOptions Macro:=\"'\" & ThisWorkbook\.Name & \"'!(\w+)\", (.*)$", line)
        if not m:
            continue
        rest = m.group(2)
        description = re.search(r"Description:=" + literal, rest).group(1)
        category = re.search(r"Category:=" + literal, rest).group(1)
        args = re.search(r"ArgumentDescriptions:=Array\((.*)\)\s*$", rest)
        out[m.group(1)] = {"Description": vba_literal(description), "Category": vba_literal(category),
                           "ArgumentDescriptions": [vba_literal(a) for a in re.findall(literal, args.group(1))]
                           if args else []}
    return out


def test_dutch_help_is_registered_at_open_from_workbook_open(xlsm):
    """What xlwings' import would register with MacroOptions (its own __xlfunc__ metadata of each function),
    registered by Workbook_Open instead: no change to the VBA project, so no trust setting."""
    modules = vba_modules(xlsm)
    this_workbook = modules["ThisWorkbook.cls"].replace("\r", "")
    assert re.search(r"Private Sub Workbook_Open\(\)\n\s+LoepHulpRegistreren\nEnd Sub", this_workbook)
    hulp = modules["LoepHulp.bas"]
    assert "Sub LoepHulpRegistreren()" in hulp and "VBProject" not in hulp and "VBComponents" not in hulp
    assert "On Error Resume Next" in hulp and "ThisWorkbook.Saved = bewaard" in hulp
    registered = parse_macro_options(hulp)
    windows = as_on_windows(Path(udfs.__file__), "addin.excel.udfs", windows_xlwings_udfs())
    assert set(registered) == set(udfs.REGISTERED)
    for name, options in registered.items():
        xlfunc = getattr(windows, name).__xlfunc__
        assert options["Description"] == xlfunc["ret"]["doc"][:255] == getattr(udfs, name).__doc__
        assert options["Category"] == xlfunc["category"] == "Loep"
        assert options["ArgumentDescriptions"] == [a["doc"][:255] for a in xlfunc["args"]]
        assert all(len(t) <= 255 for t in [options["Description"], *options["ArgumentDescriptions"]])
        assert all("LOEP." not in t for t in [options["Description"], *options["ArgumentDescriptions"]])
    from addin.excel.functions import DESKTOP_ARGS

    assert registered["LOEP_DUAAL"]["ArgumentDescriptions"][2] == DESKTOP_ARGS["onderwijsvorm"]
    assert registered["LOEP_AANTAL"]["ArgumentDescriptions"] == [DESKTOP_ARGS["schooljaar"], DESKTOP_ARGS["filter"]]


def test_help_texts_over_excels_limit_are_refused():
    import types

    long_doc = types.SimpleNamespace(REGISTERED={"LOEP_BRON": (udfs.LOEP_BRON, "bron")}, CATEGORY="Loep")
    original = __import__("addin.excel.functions", fromlist=["x"]).HELP["bron"]
    from addin.excel import functions

    try:
        functions.HELP["bron"] = "x" * 250
        with pytest.raises(ValueError, match="over 255"):
            vba_functions.help_texts(long_doc)
    finally:
        functions.HELP["bron"] = original
    with pytest.raises(ValueError, match="line break"):
        vba_functions.vba_string("a\nb")
