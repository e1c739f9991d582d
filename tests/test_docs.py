"""The documentation keeps up with the code: every command, cell function and setting is documented,
and CI runs exactly the README's test command."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from addin.cli.main import build_parser
from addin.excel.functions import FUNCTIONS, NAMESPACE

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(action.choices)


def test_every_subcommand_is_in_the_readme():
    missing = [name for name in _subcommands() if f"`loep {name}" not in README]
    assert not missing, f"README mist de opdracht(en): {missing}"


def test_every_cell_function_is_documented_for_both_hosts():
    excel_doc = (ROOT / "docs" / "excel.md").read_text(encoding="utf-8")
    for excel_name in FUNCTIONS.values():
        assert f"{NAMESPACE}.{excel_name}(" in excel_doc, excel_name


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"```sh\n(.+?)\n```", README)
    assert len(commands) >= 2, "README begint met twee opdrachten (hoofdtaak, tests)"
    main_job, tests = commands[0], commands[1]
    assert "loep antwoord" in main_job and "pytest" in tests
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_dependency_is_explained_in_the_readme():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = list(project["dependencies"]) + [d for deps in project["optional-dependencies"].values() for d in deps]
    table = README[README.index("## Afhankelijkheden en waarom"):]
    for spec in names:
        name = re.split(r"[<>=!~\[ ]", spec)[0]
        assert name.lower() in table.lower(), f"README legt niet uit waarom '{name}' nodig is"


def test_data_folder_environment_variable_is_documented():
    from addin.core.settings import ENV_DATA

    assert ENV_DATA in README
