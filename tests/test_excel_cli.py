"""'loep server' checks its port before starting: a Dutch message instead of uvicorn's English error."""

from __future__ import annotations

import socket

import pytest

from addin.cli.excel_commands import check_port_free
from addin.cli.main import main
from addin.core.errors import LoepFout


@pytest.fixture
def taken_port():
    """A port on 127.0.0.1 on which another program is listening."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def test_taken_port_stops_the_cli_with_a_dutch_message(taken_port, monkeypatch, capsys):
    started = []
    monkeypatch.setattr("addin.excel.serve.start_server", lambda *a, **k: started.append(a))
    monkeypatch.setattr("addin.excel.serve.run_server", lambda *a, **k: started.append(a) or 0)
    assert main(["server", "--port", str(taken_port)]) == 2
    err = capsys.readouterr().err
    assert f"Fout: Poort {taken_port} is al in gebruik; kies een andere met --port" in err
    assert "Loep-server gestart" not in err and "Traceback" not in err and "address already in use" not in err
    assert started == []


def test_free_port_passes_and_the_server_starts(monkeypatch, capsys):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    check_port_free("127.0.0.1", port)  # nothing listens any more: no error
    configs = []
    monkeypatch.setattr("addin.excel.serve.run_server", lambda config: configs.append(config) or 0)
    assert main(["server", "--port", str(port)]) == 0
    assert [c.port for c in configs] == [port]
    assert f"Loep-server gestart op http://127.0.0.1:{port}" in capsys.readouterr().err
    # the probe closed its socket: the port is still free for the real server
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as again:
        again.bind(("127.0.0.1", port))


def test_check_port_free_names_the_port(taken_port):
    with pytest.raises(LoepFout) as info:
        check_port_free("127.0.0.1", taken_port)
    assert info.value.boodschap.startswith(f"Poort {taken_port} is al in gebruik")


def test_address_of_another_computer_is_explained():
    with pytest.raises(LoepFout) as info:
        check_port_free("192.0.2.1", 8000)  # TEST-NET-1: never an address of this machine
    assert "'192.0.2.1' bij --host hoort niet bij deze computer" in info.value.boodschap


def test_unknown_host_name_is_explained():
    with pytest.raises(LoepFout) as info:
        check_port_free("geen-computer.invalid", 8000)
    assert "Onbekend netwerkadres 'geen-computer.invalid'" in info.value.boodschap
