"""The server under misuse (issue 9, items 7-9) and in Dutch (issue 11, item 4), over a real uvicorn server.

- Host: only 127.0.0.1, localhost and the configured public name; a foreign Host (DNS rebinding) gets a
  Dutch 400 on every route; the manifest is built from the configuration, never from the request.
- Limits: a body over the limit is a Dutch 413; a long value is repeated cut; a user mistake is one short
  INFO line in the log.
- Protocol: every misfit call is a Dutch 400 that says what to do; the keep-alive connection survives.
- The task pane, the alert dialog, the icons and the support URL are Loep's and Dutch.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zlib

import httpx
import pytest

from addin.core import store
from addin.excel import icons
from addin.excel.serve import (HELP_PATH, MAX_BODY_BYTES, PROJECT_DIR, ServedAddress, ServerConfig, server_environment,
                               start_message)
from server_process import function_body, running_server

CALL = "/xlwings/custom-functions-call"
PUBLIC = "https://loep.team.example:8443"
HELP = "https://intranet.team.example/loep-hulp"


def cell(value):
    return [[value]]


def book(*sheets, names=()):
    return {"client": "Office.js", "version": "0.37.8",
            "book": {"name": "Vraag.xlsx", "active_sheet_index": 0, "selection": "A1"}, "names": list(names),
            "sheets": [{"name": n, "values": v, "pictures": [], "tables": []} for n, v in sheets]}


def write_store(data, ds):
    store._write_store(data / store.STORE_NAME, ds.frame, ds.info, {y: ds.info.bases for y in ds.info.schooljaren})


@pytest.fixture(scope="module")
def server(tmp_path_factory, small_dataset):
    """A server on this computer only (no public name), logging at INFO so the log lines can be checked."""
    base = tmp_path_factory.mktemp("guard")
    write_store(base / "data", small_dataset)
    log = base / "server.log"
    with running_server(base / "data", log, {"XLWINGS_LOG_LEVEL": "INFO"}) as (client, config, _):
        yield client, config, log


@pytest.fixture(scope="module")
def team_server(tmp_path_factory, small_dataset):
    """A server with a configured public address and support URL."""
    base = tmp_path_factory.mktemp("team")
    write_store(base / "data", small_dataset)
    with running_server(base / "data", base / "server.log", public_url=PUBLIC, help_url=HELP) as (client, config, _):
        yield client, config


def connection(response) -> tuple:
    """The client side (address, port) of the TCP connection a response came over."""
    return response.extensions["network_stream"].get_extra_info("client_addr")


def manifest_urls(text: str) -> list[str]:
    root = ET.fromstring(text)
    urls = [e.get("DefaultValue") for e in root.iter() if (e.get("DefaultValue") or "").startswith("http")]
    urls += [e.text for e in root.iter() if e.tag.endswith("AppDomain")]
    return urls


# --- Host (issue 9, item 7) ------------------------------------------------------------------------------------

ROUTES = [("GET", "/"), ("GET", "/manifest.xml"), ("GET", "/manifest/download"), ("GET", "/taskpane.html"),
          ("GET", "/static/js/loep.js"), ("GET", "/xlwings/custom-functions-meta.json"),
          ("GET", "/xlwings/custom-functions-code.js"), ("GET", HELP_PATH),
          ("GET", "/socket.io/?EIO=4&transport=polling"), ("GET", "/loep/download/" + "A" * 24), ("POST", CALL),
          ("POST", "/xlwings/custom-scripts-call/gegevens_ophalen"), ("OPTIONS", CALL)]


@pytest.mark.parametrize("method,path", ROUTES)
def test_a_foreign_host_is_refused_on_every_route(server, method, path):
    client, config, _ = server
    body = function_body("bron") if path == CALL else book(("Parameters", [[None]]))
    response = client.request(method, path, json=body if method == "POST" else None,
                              headers={"Host": "evil.example", "Origin": "http://evil.example",
                                       "Access-Control-Request-Method": "POST"})
    assert response.status_code == 400, (path, response.status_code)
    assert response.text.startswith("Deze Loep-server antwoordt niet op de naam 'evil.example'")
    assert config.url in response.text and "--publiek-adres" in response.text
    assert "access-control-allow-origin" not in response.headers


def test_dns_rebinding_call_is_refused_but_the_own_names_work(server):
    client, config, _ = server
    rebound = client.post(CALL, json=function_body("bron"), headers={"Host": f"evil.example:{config.port}",
                                                                    "Origin": f"http://evil.example:{config.port}"})
    assert rebound.status_code == 400 and "result" not in rebound.text
    for host in ("127.0.0.1", f"127.0.0.1:{config.port}", f"localhost:{config.port}", "LOCALHOST",
                 f"[::1]:{config.port}"):
        ok = client.post(CALL, json=function_body("bron"), headers={"Host": host})
        assert ok.status_code == 200, host
    for host in ("127.0.0.1.evil.example", "localhost.evil.example", "evil.example#localhost", ""):
        assert client.get("/", headers={"Host": host}).status_code == 400, host


def test_manifest_urls_come_from_the_configuration_not_the_request(server):
    client, config, _ = server
    assert config.url == f"http://127.0.0.1:{config.port}"
    for host in (f"127.0.0.1:{config.port}", f"localhost:{config.port}", "localhost"):
        response = client.get("/manifest.xml", headers={"Host": host, "X-Forwarded-Proto": "https"})
        urls = manifest_urls(response.text)
        assert len(urls) >= 10 and all(u.startswith(config.url) for u in urls), urls
    assert "xlwings.org" not in response.text


def test_team_server_manifest_uses_its_public_address_and_support_url(team_server):
    client, config = team_server
    response = client.get("/manifest.xml", headers={"Host": "loep.team.example"})
    assert response.status_code == 200
    urls = manifest_urls(response.text)
    support = [u for u in urls if u == HELP]
    assert support and all(u.startswith(PUBLIC) for u in urls if u != HELP), urls
    root = ET.fromstring(response.text)
    assert next(e for e in root.iter() if e.tag.endswith("SupportUrl")).get("DefaultValue") == HELP
    assert client.get("/", headers={"Host": "loep.team.example:8443"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert PUBLIC in client.get("/", headers={"Host": "evil.example"}).text


def test_cors_stays_restricted_to_office(server):
    client, _, _ = server
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    evil = client.options(CALL, headers={"Origin": "https://evil.example", **preflight})
    assert evil.headers.get("access-control-allow-origin") is None


# --- limits (item 8) -------------------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_a_dutch_413(server):
    client, _, _ = server
    big = function_body("duaal", cell("2024-2025"), cell("x" * (MAX_BODY_BYTES + 10)))
    response = client.post(CALL, json=big)
    assert response.status_code == 413
    assert response.text.startswith("Het verzoek is te groot") and "ten hoogste 1 MB" in response.text
    assert "x" * 100 not in response.text


def test_a_chunked_body_over_the_limit_is_stopped_while_it_arrives(server):
    client, _, _ = server

    def chunks():
        yield b'{"func_name": "duaal", "args": [[["'
        for _ in range(40):
            yield b"y" * 65536
        yield b'"]]]}'

    response = client.post(CALL, content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.text.startswith("Het verzoek is te groot")
    after = client.post(CALL, json=function_body("bron"))
    assert after.status_code == 200 and connection(after) == connection(response)


def test_a_10_mb_argument_is_refused_and_the_connection_serves_the_next_call(server):
    """Issue 9.8: a 10 MB argument was processed, echoed whole and logged as one 10 MB line."""
    client, _, log = server
    before = client.post(CALL, json=function_body("bron"))
    response = client.post(CALL, json=function_body("duaal", cell("2024-2025"), cell("A" * 10_000_000)))
    assert response.status_code == 413 and "(9,5 MB)" in response.text and len(response.text) < 400
    after = client.post(CALL, json=function_body("duaal", cell("2024-2025")))
    assert after.status_code == 200 and connection(before) == connection(response) == connection(after)
    assert max(len(line) for line in log.read_text(encoding="utf-8").splitlines()) < 1000


def test_echoed_values_are_cut_and_user_mistakes_logged_short_at_info(server):
    client, _, log = server
    value = "Antwerp" + "z" * 400_000
    response = client.post(CALL, json=function_body("duaal", cell("2024-2025"), cell(value)))
    assert response.status_code == 400
    assert response.text.startswith("Onbekende provincie 'Antwerp") and len(response.text) < 1000
    assert "400.007 tekens" in response.text  # says how long the value was
    assert "Geldige waarden" in response.text or "bedoelde u" in response.text  # the rest of the message stays
    lines = log.read_text(encoding="utf-8").splitlines()
    assert max(len(line) for line in lines) < 1000
    mistakes = [line for line in lines if "Gebruikersfout bij LOEP.DUAAL" in line]
    assert mistakes and all(line.startswith("INFO:") for line in mistakes)
    assert not [line for line in lines if line.startswith("ERROR:") and "provincie" in line]


# --- protocol errors (item 9) ----------------------------------------------------------------------------------

MISFITS = [
    (CALL, function_body("duaal", *[cell(None)] * 8),
     "De functie LOEP.DUAAL kreeg 8 argumenten, verwacht ten hoogste 6: werk de add-in bij"),
    (CALL, function_body("duaal"),
     "De functie LOEP.DUAAL kreeg 0 argumenten, verwacht ten minste 1: werk de add-in bij"),
    (CALL, function_body("bestaat_niet", cell(1)), "Deze Loep-server kent de functie 'bestaat_niet' niet"),
    (CALL, function_body("_call", cell(1)), "Deze Loep-server kent de functie '_call' niet"),
    (CALL, function_body("f", cell(1)), "Deze Loep-server kent de functie 'f' niet"),
    (CALL, {"func_name": "duaal"}, "Het verzoek van LOEP.DUAAL mist 'args'"),
    (CALL, {**function_body("duaal", cell(2024)), "args": "2024"}, "moet 'args' (de argumenten) een lijst zijn"),
    (CALL, {k: v for k, v in function_body("bron").items() if k != "version"}, "mist 'version'"),
    (CALL, [1, 2], "moet een JSON-object zijn, geen lijst"),
    (CALL, b'{"func_name": "duaal", "args": [', "is geen geldige JSON"),
    (CALL, b"\xff\xfe", "is geen geldige JSON"),
    (CALL, b"", "is geen geldige JSON"),
    ("/xlwings/custom-scripts-call/gegevens_ophalen", {k: v for k, v in book(("Parameters", [[None]])).items()
                                                       if k != "sheets"},
     "Het verzoek van de knop 'gegevens_ophalen' mist 'sheets' (de bladen van de werkmap)"),
    ("/xlwings/custom-scripts-call/gegevens_ophalen", {**book(("Parameters", [[None]])), "sheets": []},
     "bevat geen enkel blad"),
    ("/xlwings/custom-scripts-call/gegevens_ophalen", {**book(("Parameters", [[None]])), "sheets": [{"name": "A"}]},
     "mist 'values' (de waarden van blad 1)"),
    ("/xlwings/custom-scripts-call/gegevens_ophalen", {**book(("Parameters", [[None]])), "book": {"name": "x"}},
     "mist 'active_sheet_index'"),
    ("/xlwings/custom-scripts-call/gegevens_ophalen", b"<xml/>", "is geen geldige JSON"),
    ("/xlwings/custom-scripts-call/wis_alles", book(("Parameters", [[None]])), "Deze Loep-server kent de knop "
                                                                                "'wis_alles' niet"),
]


@pytest.mark.parametrize("path,body,message", MISFITS)
def test_protocol_misfits_are_dutch_400s_on_a_connection_that_stays_open(server, path, body, message):
    client, _, _ = server
    warm = client.post(CALL, json=function_body("bron"))
    assert warm.status_code == 200
    if isinstance(body, bytes):
        response = client.post(path, content=body, headers={"content-type": "application/json"})
    else:
        response = client.post(path, json=body)
    assert response.status_code == 400, response.text
    assert message in response.text, response.text
    assert "werk de add-in bij" in response.text or "probeer opnieuw" in response.text
    for english in ("An error occurred", "Field required", "detail", "Traceback", "Error"):
        assert english not in response.text
    after = client.post(CALL, json=function_body("duaal", cell("2024-2025")))
    assert after.status_code == 200 and isinstance(after.json()["result"][0][0], int)
    assert connection(warm) == connection(response) == connection(after)  # one keep-alive connection throughout


def test_form_encoded_book_is_checked_too(server):
    client, _, _ = server
    response = client.post("/xlwings/custom-scripts-call/gegevens_ophalen", data={"iets": "anders"})
    assert response.status_code == 400 and "mist de werkmap (bookData)" in response.text


@pytest.mark.parametrize("method,path,status,text", [
    ("GET", "/bestaat/niet", 404, "Niet gevonden"),
    ("GET", CALL, 405, "niet toegestaan"),
    ("DELETE", "/manifest.xml", 405, "niet toegestaan"),
])
def test_http_errors_are_dutch(server, method, path, status, text):
    client, _, _ = server
    response = client.request(method, path)
    assert response.status_code == status and text in response.text
    assert "Not Found" not in response.text and "Method Not Allowed" not in response.text


def test_parameters_maken_on_a_book_with_only_its_parameters_sheet(server):
    client, _, _ = server
    marker = {"name": "Loep_blad_Parameters", "refers_to": "=Parameters!$A$1", "type": "Range", "sheet_index": 0,
              "address": "A1", "scope_sheet_name": None, "scope_sheet_index": None, "book_scope": True}
    response = client.post("/xlwings/custom-scripts-call/parameters_aanmaken",
                           json=book(("Parameters", [["Parameters"]]), names=[marker]))
    assert response.status_code == 200, response.text
    funcs = [a["func"] for a in response.json()["actions"]]
    assert funcs.index("addSheet") < funcs.index("sheetDelete") < funcs.index("setSheetName")


# --- Dutch task pane, icons, support page (issue 11, item 4) ---------------------------------------------------

ENGLISH_FRAME = ('lang="en"', "<title>Task pane</title>", "didn't load", ">Reload<", ">Cancel<", 'aria-label="Close"',
                 ">Yes<", ">No<")


def test_task_pane_is_dutch(server):
    client, _, _ = server
    page = client.get("/taskpane.html").text
    assert '<html lang="nl">' in page and "<title>Loep</title>" in page
    assert ">Opnieuw laden<" in page and ">Annuleren<" in page and 'aria-label="Sluiten"' in page
    for english in ENGLISH_FRAME:
        assert english not in page, english


def test_alert_dialog_is_dutch(server):
    client, _, _ = server
    page = client.get("/xlwings/alert", params={"prompt": "Klaar", "title": "Loep", "buttons": "yes_no_cancel",
                                                "mode": "info", "callback": ""}).text
    assert ">Ja<" in page and ">Nee<" in page and ">Annuleren<" in page and '<html lang="nl">' in page
    for english in ENGLISH_FRAME:
        assert english not in page, english


def test_translation_reports_texts_an_upgrade_removed():
    from addin.excel.taskpane_text import DUTCH_FRAME, translate

    source = '<html lang="en"><title>Task pane</title>'
    text, missing = translate("base.html", source)
    assert text == '<html lang="nl"><title>Loep</title>'
    assert set(missing) == {english for english, _ in DUTCH_FRAME["base.html"][2:]}


def png_size_and_opacity(data: bytes) -> tuple[int, int, float]:
    """Width, height and the share of non-transparent pixels of an 8-bit RGBA PNG (read with zlib only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        assert zlib.crc32(kind + chunk) == struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour = header[:4]
    assert (depth, colour) == (8, 6)
    raw = zlib.decompress(idat)
    stride = 1 + 4 * width
    alpha = [raw[r * stride + 1 + 4 * x + 3] for r in range(height) for x in range(width)]
    return width, height, sum(a > 0 for a in alpha) / len(alpha)


def test_manifest_icons_are_loeps_own_and_served(server):
    client, _, _ = server
    text = client.get("/manifest.xml").text
    icon_urls = re.findall(r'DefaultValue="([^"]+\.png)"', text)
    assert len(icon_urls) == 5 and all("/images/icons/loep-" in u for u in icon_urls)
    assert "xlwings" not in " ".join(icon_urls)
    for url in set(icon_urls):
        size = int(re.search(r"loep-(\d+)\.png", url).group(1))
        response = client.get(url.split(str(client.base_url).rstrip("/"))[-1])
        assert response.status_code == 200 and response.headers["content-type"] == "image/png"
        width, height, opaque = png_size_and_opacity(response.content)
        assert (width, height) == (size, size) and 0.25 < opaque < 0.95
    favicon = client.get("/favicon.ico")
    assert favicon.content == (PROJECT_DIR / "static" / "images" / "favicon.png").read_bytes()


def test_shipped_icons_are_the_drawn_ones():
    for name, data in icons.icon_files().items():
        assert (icons.IMAGES / name).read_bytes() == data, f"{name}: run python -m addin.excel.icons"


def test_default_support_url_is_the_servers_dutch_help_page(server):
    client, config, _ = server
    root = ET.fromstring(client.get("/manifest.xml").text)
    support = next(e for e in root.iter() if e.tag.endswith("SupportUrl")).get("DefaultValue")
    assert support == config.url + HELP_PATH
    page = client.get(HELP_PATH)
    assert page.status_code == 200 and '<html lang="nl">' in page.text
    from addin.excel import functions as f

    for python, excel in f.FUNCTIONS.items():
        assert f"=LOEP.{excel}(" in page.text
        assert f.HELP[python].split(".")[0].replace("'", "&#39;") in page.text


# --- the start message and the configuration ---------------------------------------------------------------------


def test_start_message_says_what_to_do_for_each_way_of_starting(tmp_path):
    http = start_message(ServerConfig(port=8000))
    assert "http://127.0.0.1:8000" in http and "alleen om te testen" in http and "mkcert" in http
    assert "alleen over HTTPS" in http and "https://localhost:8000/manifest.xml" in http
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    https = start_message(ServerConfig(port=8443, certfile=cert, keyfile=key))
    assert "https://localhost:8443/manifest.xml" in https and "http://" not in https and "mkcert" not in https
    assert "Mijn invoegtoepassing uploaden" in https
    team = start_message(ServerConfig(host="0.0.0.0", port=8000, public_url=PUBLIC))
    assert f"{PUBLIC}/manifest.xml" in team and "reverse proxy" in team and "Geïntegreerde apps" in team
    open_ = start_message(ServerConfig(host="0.0.0.0", port=8000))
    assert "--publiek-adres" in open_ and "bereikbaar vanaf andere computers" in open_
    for config in (ServerConfig(port=8000), ServerConfig(port=8443, certfile=cert, keyfile=key)):
        manifest_base = ServedAddress.from_environment(server_environment(config, base={})).url
        assert f"{manifest_base}/manifest.xml" in start_message(config)  # says the address the manifest uses


def test_served_address_round_trips_through_the_environment():
    config = ServerConfig(host="0.0.0.0", port=9000, public_url=PUBLIC, help_url=HELP)
    served = ServedAddress.from_environment(server_environment(config, base={}))
    assert served.url == PUBLIC and served.support_url == HELP and served.max_body == MAX_BODY_BYTES
    assert set(served.allowed_hosts) == {"127.0.0.1", "localhost", "::1", "loep.team.example"}
    env = server_environment(ServerConfig(), base={"LOEP_MAX_VERZOEK": "2097152"})
    assert ServedAddress.from_environment(env).max_body == 2097152


@pytest.mark.parametrize("args,message", [
    (["--publiek-adres", "loep.team.example"], "Ongeldig adres bij --publiek-adres: 'loep.team.example'"),
    (["--publiek-adres", "https://loep.team.example/pad"], "geen pad"),
    (["--publiek-adres", "ftp://x"], "Ongeldig adres bij --publiek-adres"),
    (["--hulp-url", "intranet"], "Ongeldig adres bij --hulp-url: 'intranet'"),
])
def test_cli_rejects_bad_addresses_in_dutch(args, message, capsys, monkeypatch):
    from addin.cli.main import main

    started = []
    monkeypatch.setattr("addin.excel.serve.run_server", lambda *a, **k: started.append(a) or 0)
    assert main(["server", "--port", "8765", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and started == []


def test_unreachable_routes_via_a_real_client_keep_httpx_happy(server):
    """One httpx client over many errors in a row: never a reset connection."""
    client, _, _ = server
    first = client.get("/")
    for body in (b"{", b"[]", b'{"func_name": 1}'):
        assert client.post(CALL, content=body, headers={"content-type": "application/json"}).status_code == 400
    assert client.get("/bestaat/niet").status_code == 404
    last = client.get("/")
    assert last.status_code == 200 and connection(first) == connection(last)
    with httpx.Client(base_url=str(client.base_url)) as other:
        assert other.get("/").status_code == 200
