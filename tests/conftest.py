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


@pytest.fixture(scope="module")
def ds():
    """The module's random canonical dataset (4 000 rows, seed 7); a module that wants another size or seed
    defines its own ``ds`` (``make_dataset(n=…, seed=…)``), and ``q`` follows it."""
    return make_dataset()


@pytest.fixture(scope="module")
def q(ds):
    """A :class:`~addin.core.query.Query` over the module's ``ds``."""
    from addin.core.query import Query

    return Query(ds)


@pytest.fixture(scope="session")
def demo_sources(tmp_path_factory):
    """The demonstration data built once per session: (data dir, list of the generated CSV files).

    The files are kept (``build_demo(..., bron_dir=...)``) so tests can check them row by row.
    """
    from addin.demo.generator import build_demo

    root = tmp_path_factory.mktemp("demo")
    data_dir = root / "data"
    bron = root / "bron"
    build_demo(data_dir, bron_dir=bron)
    return data_dir, sorted(bron.glob("*.csv"))


@pytest.fixture(scope="session")
def demo_store(demo_sources):
    """Path of a data folder holding the store built from the demonstration data (once per session)."""
    return demo_sources[0]


@pytest.fixture(scope="session")
def demo_dataset(demo_store):
    """The demonstration data loaded from ``demo_store`` (``addin.core.store.load``)."""
    from addin.core import store

    return store.load(demo_store)
