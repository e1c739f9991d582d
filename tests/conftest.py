"""Shared fixtures. Tests that need a whole built store use ``demo_store`` (built once per session)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from canonical_fixture import make_dataset  # noqa: E402


@pytest.fixture(scope="session")
def small_dataset():
    """A 4 000-row random canonical dataset with all three bases."""
    return make_dataset()
