"""'loep server' without its optional packages: a Dutch instruction, exit 2, nothing started."""

from __future__ import annotations

import importlib.util

from addin.cli.main import main


def test_missing_server_packages_named_in_dutch(monkeypatch, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "xlwings_server" else real(name, *a))
    started = []
    monkeypatch.setattr("addin.excel.serve.start_server", lambda *a, **k: started.append(a))
    assert main(["server", "--port", "8765"]) == 2
    err = capsys.readouterr().err
    assert "Fout: De Loep-server heeft extra pakketten nodig (xlwings_server)" in err
    assert 'pip install "loep[server]"' in err
    assert "Loep-server gestart" not in err and "Traceback" not in err
    assert started == []
