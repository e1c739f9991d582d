"""Entry point of the ``loep`` command: parses arguments and runs a subcommand.

Each group of subcommands lives in its own module with a ``register(subparsers)``
function. User mistakes (:class:`LoepFout`) print a Dutch message and exit with code 2,
never a traceback; ``--debug`` (or ``LOEP_DEBUG=1``) shows tracebacks of real bugs.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback

from addin import __version__
from addin.cli import answer_commands, data_commands, dutch_argparse, excel_commands, table_commands
from addin.core.errors import LoepFout

COMMAND_MODULES = (data_commands, table_commands, answer_commands, excel_commands)


class _DutchParser(argparse.ArgumentParser):
    """argparse whose usage errors go to stderr as 'Fout: …' with exit code 2 (texts in Dutch)."""

    def error(self, message: str):  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        self.exit(2, f"Fout: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    dutch_argparse.install()
    parser = _DutchParser(
        prog="loep",
        description="Loep: leerlingenaantallen secundair onderwijs (Vlaanderen) — gegevens, tellingen en "
                    "antwoordbundels voor parlementaire vragen.",
    )
    parser.add_argument("--version", action="version", version=f"loep {__version__}",
                        help="toon het versienummer en stop")
    parser.add_argument("--debug", action="store_true", help="toon technische details bij onverwachte fouten")
    sub = parser.add_subparsers(dest="opdracht", metavar="OPDRACHT", parser_class=_DutchParser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    debug = args.debug or os.environ.get("LOEP_DEBUG") == "1"
    try:
        _recover_here()
        return int(args.handler(args) or 0)
    except LoepFout as exc:
        print(f"Fout: {exc.boodschap}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # 'loep info | head': the reader stopped; nothing more to say, no traceback
        _silence_stdout()
        return 141  # 128 + SIGPIPE, as a shell reports a command stopped by a closed pipe
    except Exception:  # a bug, not a user mistake
        if debug:
            raise
        print("Onverwachte fout in Loep (dit is geen fout van u). Start opnieuw met --debug voor details:",
              file=sys.stderr)
        traceback.print_exc(limit=1, file=sys.stderr)
        return 1


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's flush at exit does not hit the closed pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (e.g. captured in tests)
        pass


def _recover_here() -> None:
    """Complete an answer swap that a killed 'loep antwoord' left in the current folder (and say so)."""
    from pathlib import Path

    from addin.report.output import recover_folder

    try:
        recover_folder(Path.cwd())
    except (OSError, LoepFout):
        pass  # the command itself goes on; 'loep antwoord' there tries again


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
