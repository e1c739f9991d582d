"""Subcommands (to be filled): see docs/architecture.md."""


def register(sub) -> None:
    """Add this module's subcommands to the parser."""
