"""The Office.js add-in end to end: ``loep server``'s process on 127.0.0.1, called over HTTP with the
payloads Excel sends (custom functions with culture nl-BE, custom scripts with the workbook as JSON)."""

from __future__ import annotations

import io
import re
import subprocess
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import httpx
import openpyxl
import pytest

from addin.core.labels import GRADEN

from addin.core import store
from addin.excel import functions as f
from addin.excel.serve import OFFICE_ORIGINS, PROJECT_DIR, ServerConfig, server_command, server_environment
from server_process import free_port, function_body, running_server

EXPECTED = {"AANTAL", "BRON", "DRAAITABEL", "DUAAL", "LEERLINGEN", "NUL", "REEKS", "TABEL", "TOP", "WAARDEN"}


@pytest.fixture(scope="module")
def server(tmp_path_factory, small_dataset):
    """One server process for the module: the fixture dataset in a real store, downloads in a temp folder."""
    base = tmp_path_factory.mktemp("server")
    data = base / "data"
    ds = small_dataset
    store._write_store(data / store.STORE_NAME, ds.frame, ds.info, {y: ds.info.bases for y in ds.info.schooljaren})
    with running_server(data, base / "server.log", {"LOEP_DOWNLOADS": str(base / "downloads")}) as (client, _, _):
        yield client, base, ds.frame


def call(client, name, *args):
    return client.post("/xlwings/custom-functions-call", json=function_body(name, *args))


def result(client, name, *args):
    response = call(client, name, *args)
    assert response.status_code == 200, response.text
    return response.json()["result"]


def cell(value):
    return [[value]]


def duaal_sum(frame, jaar, provincie=None, **eq):
    mask = (frame["schooljaar"] == jaar) & frame["duaal"]
    if provincie:
        mask &= frame["provincie_vestigingsplaats"] == provincie
    for col, value in eq.items():
        mask &= frame[col] == value
    return int(frame.loc[mask, "aantal"].sum())


# --- metadata, manifest, task pane --------------------------------------------------------------------


def test_functions_metadata_as_excel_sees_it(server):
    client, _, _ = server
    meta = client.get("/xlwings/custom-functions-meta.json").json()["functions"]
    by_name = {m["name"]: m for m in meta}
    assert set(by_name) == EXPECTED
    for python, excel in f.FUNCTIONS.items():
        assert by_name[excel]["description"] == f.HELP[python]
    duaal = by_name["DUAAL"]
    params = {p["name"]: p for p in duaal["parameters"]}
    assert list(params) == ["schooljaar", "provincie", "onderwijsvorm", "graad", "sector", "basis"]
    assert params["schooljaar"]["description"] == f.ARGS["schooljaar"] and not params["schooljaar"].get("optional")
    assert params["provincie"]["optional"] is True and params["basis"]["description"] == f.ARGS["basis"]
    assert "LOEP.TABEL" in duaal["description"] and "LOEP.REEKS" in duaal["description"]
    aantal = [(p["name"], p.get("optional", False), p.get("repeating", False)) for p in by_name["AANTAL"]["parameters"]]
    assert aantal == [("schooljaar", False, False), ("filter", False, True)]
    draaitabel = [p["name"] for p in by_name["DRAAITABEL"]["parameters"]]
    assert draaitabel == ["rijen", "kolommen", "schooljaar"] + [f"filter{i}" for i in range(1, 9)]
    assert all(p.get("optional") for p in by_name["DRAAITABEL"]["parameters"][1:])
    assert by_name["DRAAITABEL"]["parameters"][3]["description"] == f.ARGS["filter"]
    assert by_name["TABEL"]["result"]["dimensionality"] == "matrix"


def test_manifest_namespace_ribbon_and_taskpane(server):
    client, _, _ = server
    response = client.get("/manifest.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    strings = {e.get("id"): e.get("DefaultValue") for e in root.iter() if e.tag.endswith("String")}
    assert strings["Functions.Namespace"] == "LOEP"  # Excel shows LOEP.DUAAL, LOEP.TABEL, …
    assert strings["LoepTab.Label"] == "Loep"
    assert {strings[k] for k in ("LoepGegevensKnop.Label", "LoepTabellenKnop.Label", "LoepAntwoordKnop.Label")} == {
        "Gegevens ophalen", "Vraagtabellen vullen", "Antwoordbundel maken"}
    functions = {e.text for e in root.iter() if e.tag.endswith("FunctionName")}
    assert functions == {"loep-gegevens", "loep-tabellen", "loep-antwoord"}
    ribbon_js = client.get("/static/js/ribbon.js").text
    for name in functions:
        assert f'Office.actions.associate("{name}"' in ribbon_js
    pane = client.get("/taskpane.html").text
    assert re.findall(r'xw-click="(\w+)"', pane) == ["parameters_aanmaken", "gegevens_ophalen",
                                                     "vraagtabellen_vullen", "antwoordbundel_maken"]
    assert "Bezig: " in client.get("/static/js/loep.js").text
    meta = client.get("/xlwings/custom-scripts-meta.json").json()
    assert {m["function_name"] for m in meta} == {"parameters_aanmaken", "gegevens_ophalen", "vraagtabellen_vullen",
                                                  "antwoordbundel_maken"}
    assert all(m["include"] == "Parameters" for m in meta)  # only that sheet's values are uploaded


def test_cors_only_for_office_origins(server):
    client, _, _ = server
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    evil = client.options("/xlwings/custom-functions-call", headers={"Origin": "https://evil.example", **preflight})
    assert evil.headers.get("access-control-allow-origin") is None
    office = client.options("/xlwings/custom-functions-call", headers={"Origin": OFFICE_ORIGINS[0], **preflight})
    assert office.headers.get("access-control-allow-origin") == OFFICE_ORIGINS[0]
    simple = call(client, "bron")
    assert simple.headers.get("access-control-allow-origin") != "*"


# --- custom functions ---------------------------------------------------------------------------------------


def test_duaal_and_leerlingen_over_http(server):
    client, _, frame = server
    assert result(client, "duaal", cell("2024-2025"), cell("Antwerpen")) == cell(duaal_sum(frame, "2024-2025",
                                                                                        "Antwerpen"))
    # omitted optional arguments as Office.js sends them: null, empty string, empty 2-D array
    assert result(client, "duaal", cell(2024.0), cell(None), [[]], cell(""), cell("STEM"), cell(None)) == cell(
        duaal_sum(frame, "2024-2025", sector="STEM"))
    assert result(client, "duaal", cell("2020-21"), cell("limburg"), cell("bso"), cell(3)) == cell(
        duaal_sum(frame, "2020-2021", "Limburg", onderwijsvorm="bso", graad="3e graad"))
    nee = result(client, "leerlingen", cell(2019), cell("Oost-Vlaanderen"), cell(None), cell(None), cell(None),
                 cell(None), cell("nee"))
    mask = ((frame["schooljaar"] == "2019-2020") & (frame["provincie_vestigingsplaats"] == "Oost-Vlaanderen")
            & ~frame["duaal"])
    assert nee == cell(int(frame.loc[mask, "aantal"].sum()))


def test_spilling_functions_over_http(server):
    client, _, frame = server
    reeks = result(client, "reeks", cell("Antwerpen"), cell(2020), cell("2021-2022"))
    assert reeks == [["Schooljaar", "Leerlingen in duaal"],
                     ["2020-2021", duaal_sum(frame, "2020-2021", "Antwerpen")],
                     ["2021-2022", duaal_sum(frame, "2021-2022", "Antwerpen")]]
    tabel = result(client, "tabel", cell(1), cell("Antwerpen"), cell(None), cell(2016), cell(2017))
    assert tabel[0][0].startswith("V1.") and "Antwerpen" in tabel[0][0]  # the title row names the region
    tabel = tabel[1:]
    col = tabel[0].index("Leerlingen in duale opleidingen (aantal)")
    assert [r[col] for r in tabel[1:]] == [duaal_sum(frame, "2016-2017", "Antwerpen"),
                                           duaal_sum(frame, "2017-2018", "Antwerpen")]
    assert tabel[1][tabel[0].index("Verschil met vorig schooljaar (aantal)")] == ""  # NaN -> empty cell
    top = result(client, "top", cell("Antwerpen"), cell("2024-2025"), cell(1))
    assert top[0][:3] == ["Rang", "Sector", "Leerlingen (aantal)"]
    sub = frame[(frame["schooljaar"] == "2024-2025") & (frame["provincie_vestigingsplaats"] == "Antwerpen")
                & frame["duaal"]]
    assert top[1][2] == int(sub.groupby("sector", observed=True)["aantal"].sum().max())
    nul = result(client, "nul", cell("Antwerpen"), cell(2024))
    assert nul[0][:2] == ["Code", "Opleiding"] and len(nul) > 1
    assert result(client, "waarden", cell("graad")) == [[g] for g in GRADEN]
    bron = dict(map(tuple, result(client, "bron")))
    assert bron["Teldatum"] == "1 februari" and bron["Dataversie"] == "test0000"


def test_aantal_and_draaitabel_over_http(server):
    """LOEP.AANTAL's filters are one repeating parameter: Office.js sends them as one list of 2-D values."""
    client, _, frame = server
    year = frame[frame["schooljaar"] == "2024-2025"]
    expected = int(year.loc[(year["provincie_vestigingsplaats"] == "Limburg") & year["onderwijsvorm"].isin(
        ["bso", "tso"]), "aantal"].sum())
    assert result(client, "aantal", cell(2024), [cell("provincie=Limburg"), cell("onderwijsvorm=bso;tso")]) == cell(
        expected)
    assert result(client, "aantal", cell(2024), [[["provincie", "Limburg"], ["onderwijsvorm", "bso;tso"]]]) == cell(
        expected)
    assert result(client, "aantal", cell("2024-2025"), []) == cell(int(year["aantal"].sum()))
    spill = result(client, "draaitabel", cell("provincie"), cell("geslacht"), cell(2024), cell("duaal=ja"),
                   cell("geheimhouding=uit"), *[cell(None)] * 6)
    header = spill[0]
    assert header[-1] == "Totaal" and spill[-1][0] == "Totaal"
    dual = year[year["duaal"]]
    sums = dual.groupby(["provincie_vestigingsplaats", "geslacht"], observed=True)["aantal"].sum()
    got = {(r[0], h): v for r in spill[1:-1] for h, v in zip(header[1:], r[1:])}
    for (prov, geslacht), n in sums.items():
        assert got[prov, geslacht] == n
    assert spill[-1][-1] == int(dual["aantal"].sum())


@pytest.mark.parametrize("name,args,message", [
    ("aantal", [cell(2024), [cell("bso")]], "Argument 'filter1' ('bso') is geen filter"),
    ("draaitabel", [cell("provincie")], "LOEP.DRAAITABEL telt leerlingen per schooljaar"),
    ("duaal", [cell("2024-2025"), cell("Antwerp")], "Onbekende provincie 'Antwerp'; bedoelde u 'Antwerpen'?"),
    ("duaal", [cell(None)], "Argument 'schooljaar' ontbreekt"),
    ("duaal", [cell("2031")], "Schooljaar '2031-2032' (argument 'schooljaar') zit niet in de gegevens"),
    ("leerlingen", [cell(2024), cell(None), cell(None), cell(None), cell(None), cell(None), cell("soms")],
     "Ongeldige waarde 'soms' voor argument 'duaal'"),
    ("reeks", [cell("Limburg"), cell(2024), cell(2020)], "ligt na 'tot'"),
    ("tabel", [cell(8)], "Onbekende vraag of tabel '8'"),
    ("top", [cell("Antwerpen"), cell(2024), cell(None), cell("regio")], "voor argument 'niveau'"),
    ("waarden", [cell("provinsie")], "bedoelde u 'provincie'?"),
])
def test_wrong_arguments_give_dutch_http_400(server, name, args, message):
    client, _, _ = server
    response = call(client, name, *args)
    assert response.status_code == 400
    assert message in response.text and "Traceback" not in response.text


def test_bugs_do_not_leak_details_in_prod(server):
    client, _, _ = server
    response = call(client, "duaal", cell("2024-2025"), [["a", "b"], ["c", "d"]])  # a 2x2 range
    assert response.status_code == 400 and "verwacht één waarde" in response.text
    # a payload that passes the protocol check but trips xlwings (a name entry that is not an object) is a
    # bug path: a Dutch 500 without details, and the same keep-alive connection serves the next call
    payload = book(("Blad1", [[None]]))
    payload["names"] = [1]
    response = script(client, "parameters_aanmaken", payload)
    assert response.status_code == 500 and response.text.startswith("Er ging iets mis in de Loep-server")
    assert "Traceback" not in response.text and "TypeError" not in response.text
    port = response.extensions["network_stream"].get_extra_info("client_addr")
    again = call(client, "bron")
    assert again.status_code == 200 and again.extensions["network_stream"].get_extra_info("client_addr") == port


# --- custom scripts (the task-pane buttons) --------------------------------------------------------------------

PARAMS = [["Parameters", None], [None, None], ["Parameter", "Waarde"], ["provincie", "Antwerpen"],
          ["basis", "vestigingsplaats"], ["van", "2023-2024"], ["tot", "2024-2025"], [None, None],
          ["Resultaat", None]]


def book(*sheets):
    return {"client": "Office.js", "version": "0.37.8",
            "book": {"name": "Vraag.xlsx", "active_sheet_index": 0, "selection": "A1"}, "names": [],
            "sheets": [{"name": n, "values": v, "pictures": [], "tables": []} for n, v in sheets]}


def script(client, name, payload):
    return client.post(f"/xlwings/custom-scripts-call/{name}", json=payload)


def test_gegevens_ophalen_script(server):
    client, _, frame = server
    response = script(client, "gegevens_ophalen", book(("Start", [[None]]), ("Parameters", PARAMS)))
    assert response.status_code == 200, response.text
    acts = response.json()["actions"]
    assert acts[0]["func"] == "addSheet" and acts[0]["args"] == [2, "Gegevens"]
    values = next(a for a in acts if a["func"] == "setValues" and a["sheet_position"] == 2
                  and a["start_row"] == 3)["values"]  # the table header on row 4, under title and source
    sub = frame[frame["schooljaar"].isin(["2023-2024", "2024-2025"])
                & (frame["provincie_vestigingsplaats"] == "Antwerpen")]
    assert len(values) - 1 == len(sub)
    assert sum(r[values[0].index("aantal")] for r in values[1:]) == int(sub["aantal"].sum())
    assert any(a["func"] == "addTable" and a["args"][3] == "Gegevens" for a in acts)


def test_vraagtabellen_vullen_script(server):
    client, _, _ = server
    response = script(client, "vraagtabellen_vullen", book(("Parameters", PARAMS)))
    assert response.status_code == 200, response.text
    added = [a["args"][1] for a in response.json()["actions"] if a["func"] == "addSheet"]
    assert added == ["V1", "V2", "V2b", "V3a", "V3b", "V4a", "V4b", "V5a", "V5b"]


def test_parameters_aanmaken_script(server):
    client, _, _ = server
    response = script(client, "parameters_aanmaken", book(("Blad1", [[None]])))
    assert response.status_code == 200, response.text
    acts = response.json()["actions"]
    assert acts[0]["args"] == [0, "Parameters"]
    assert sum(a["func"] == "setDataValidationList" for a in acts) == 5  # vraag, provincie, basis, van, tot


def test_script_without_parameters_sheet_explains(server):
    client, _, _ = server
    response = script(client, "gegevens_ophalen", book(("Blad1", [[None]])))
    assert response.status_code == 400
    assert response.text.startswith("Het blad 'Parameters' ontbreekt")


def test_antwoordbundel_maken_offers_a_download(server):
    client, base, _ = server
    response = script(client, "antwoordbundel_maken", book(("Parameters", PARAMS)))
    assert response.status_code == 200, response.text
    acts = response.json()["actions"]
    alert = next(a for a in acts if a["func"] == "alert")
    assert alert["args"][0].startswith("Antwoordbundel klaar:") and "localhost" not in alert["args"][0]
    link = next(a for a in acts if a["func"] == "addHyperlink")
    url = re.fullmatch(r"/loep/download/([A-Za-z0-9_-]+)", link["args"][0])  # relative to the task pane's page
    assert url and link["start_row"] == 8 and link["start_column"] == 2
    download = client.get(f"/loep/download/{url.group(1)}")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(download.content))
    assert "V1" in wb.sheetnames
    assert zipfile.is_zipfile(io.BytesIO(download.content))
    assert (base / "downloads" / url.group(1)).is_dir()


@pytest.mark.parametrize("path", [
    "/loep/download/..%2F..%2F..%2Fetc%2Fpasswd",
    "/loep/download/%2E%2E",
    "/loep/download/AAAAAAAAAAAAAAAAAAAAAAAA",  # well-formed but unknown token
    "/loep/download/short",
    "/loep/download/..",
])
def test_download_route_never_leaves_its_folder(server, path):
    client, _, _ = server
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert b"root:" not in response.content


def test_download_symlink_out_of_folder_is_refused(server, tmp_path):
    client, base, _ = server
    outside = tmp_path / "geheim"
    outside.mkdir()
    (outside / "geheim.xlsx").write_bytes(b"PK geheim")
    token = "B" * 24
    (base / "downloads").mkdir(exist_ok=True)
    (base / "downloads" / token).symlink_to(outside, target_is_directory=True)
    assert client.get(f"/loep/download/{token}").status_code == 404


# --- the launcher (``loep server``) ------------------------------------------------------------------------


def test_server_environment_defaults_and_overrides(tmp_path):
    from addin.excel.serve import NAMESPACE

    config = ServerConfig(data=tmp_path)
    env = server_environment(config, base={"PYTHONPATH": "/elders"})
    assert config.host == "127.0.0.1"
    assert env["XLWINGS_LICENSE_KEY"] == "noncommercial" and env["XLWINGS_ENVIRONMENT"] == "prod"
    assert env["XLWINGS_FUNCTIONS_NAMESPACE"] == NAMESPACE == "LOEP"
    assert env["XLWINGS_PROJECT_DIR"] == str(PROJECT_DIR) and (PROJECT_DIR / "custom_functions").is_dir()
    origins = __import__("json").loads(env["XLWINGS_CORS_ALLOW_ORIGINS"])
    assert origins == list(OFFICE_ORIGINS) and "*" not in origins
    assert env["LOEP_DATA"] == str(tmp_path.resolve()) and "LOEP_SERVER_URL" not in env
    assert env["PYTHONPATH"].endswith("/elders")
    own = server_environment(config, base={"XLWINGS_LICENSE_KEY": "mijn-sleutel", "XLWINGS_ENVIRONMENT": "dev"})
    assert own["XLWINGS_LICENSE_KEY"] == "mijn-sleutel" and own["XLWINGS_ENVIRONMENT"] == "dev"


def test_certificates_make_it_https(tmp_path):
    from addin.core.errors import LoepFout
    from addin.excel.serve import find_certificates

    with pytest.raises(LoepFout, match="Geen certificaat gevonden"):
        find_certificates(tmp_path)
    (tmp_path / "localhost+2.pem").write_text("cert")
    (tmp_path / "localhost+2-key.pem").write_text("key")
    cert, key = find_certificates(tmp_path)
    assert cert.name == "localhost+2.pem" and key.name == "localhost+2-key.pem" and cert.is_absolute()
    config = ServerConfig(port=8443, certfile=cert, keyfile=key)
    command = server_command(config)
    assert command[command.index("--ssl-certfile") + 1] == str(cert)
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert config.url == "https://localhost:8443"


def test_cli_rejects_a_bad_port(capsys):
    from addin.cli.main import main

    assert main(["server", "--port", "0"]) == 2
    assert "Ongeldige poort 0" in capsys.readouterr().err


def test_download_folders_expire_after_a_day(tmp_path, monkeypatch):
    import os as _os

    from addin.excel import downloads

    monkeypatch.setenv("LOEP_DOWNLOADS", str(tmp_path))
    old_token, old = downloads.new_slot()
    (old / "a.xlsx").write_bytes(b"PK")
    assert downloads.resolve(old_token) == (old / "a.xlsx").resolve()
    day_ago = time.time() - 25 * 3600
    _os.utime(old, (day_ago, day_ago))
    keep = tmp_path / "niet-van-loep"
    keep.mkdir()
    _os.utime(keep, (day_ago, day_ago))
    token, new = downloads.new_slot()
    assert not old.exists() and new.is_dir() and keep.exists()  # only token folders are removed
    assert downloads.resolve(old_token) is None and downloads.resolve(token) is None  # empty slot: nothing yet


@pytest.mark.skipif(not __import__("shutil").which("node"), reason="node absent")
@pytest.mark.parametrize("name", ["loep.js", "ribbon.js"])
def test_task_pane_javascript_parses(name):
    source = PROJECT_DIR / "static" / "js" / name
    check = subprocess.run(["node", "-e", "new Function(require('fs').readFileSync(process.argv[1], 'utf8'))",
                            str(source)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


# --- no path climbs out of the server's folders (xlwings Server's /static does not check) ---------------


def raw_get(client, path: str) -> tuple[int, bytes]:
    """GET with the path sent exactly as given (httpx would normalise '..')."""
    import http.client

    conn = http.client.HTTPConnection(client.base_url.host, client.base_url.port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("path", [
    "/static/../../../../../../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/%252e%252e/%252e%252e/etc/passwd",
    "/static/..%5c..%5c..%5cetc%5cpasswd",
    "/static/js/../../custom_functions/loep.py",
    "/static/../../../core/store.py",
])
def test_paths_never_leave_the_server_folders(server, path):
    client, base, _ = server
    status, body = raw_get(client, path)
    assert status == 404, (path, status)
    assert b"root:" not in body and b"def " not in body


def test_the_guard_lets_ordinary_static_files_through(server):
    client, _, _ = server
    status, body = raw_get(client, "/static/js/loep.js")
    assert status == 200 and b"Bezig: " in body


def test_path_guard_unit():
    from addin.excel.path_guard import is_unsafe_path

    for bad in ("/a/../b", "/a/%2e%2e/b", "/a/%252e%252e/b", "/a\\..\\b", "/a/%00", "..", "/static/.."):
        assert is_unsafe_path(bad), bad
    for ok in ("/static/js/loep.js", "/a/..b/c", "/a/b..", "/manifest.xml", "/"):
        assert not is_unsafe_path(ok), ok


def test_terminating_loep_server_stops_the_server_process(tmp_path, small_dataset):
    """SIGTERM to 'loep server' (e.g. from a service manager) must not leave uvicorn running."""
    import os
    import signal
    import sys

    data = tmp_path / "data"
    ds = small_dataset
    store._write_store(data / store.STORE_NAME, ds.frame, ds.info, {y: ds.info.bases for y in ds.info.schooljaren})
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    parent = subprocess.Popen([sys.executable, "-m", "addin", "server", "--port", str(port), "--data", str(data)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/manifest.xml"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        parent.kill()
        pytest.fail("server did not start")
    parent.send_signal(signal.SIGTERM)
    parent.wait(timeout=20)
    time.sleep(0.5)
    with pytest.raises(httpx.TransportError):
        httpx.get(url, timeout=2)


def test_task_pane_offers_every_built_in_question():
    from pathlib import Path

    from addin.core.questionspec import builtin_specs

    html = (Path(__file__).parents[1] / "addin" / "server" / "templates" / "taskpane.html").read_text("utf-8")
    for name in builtin_specs():
        assert f"<code>{name}</code>" in html, name
