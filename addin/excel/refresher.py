"""A new import reaches the server's cell functions without stalling them: the store is reloaded in a thread.

Left to themselves, the cell functions check the store for a new data version once per interval on
the request path (:func:`addin.excel.functions.current_query`): the call that finds the new version
loads it (about 2 s for the demo's 1,1 million rows), and because xlwings Server runs a plain
function on its event loop, every other call waits that long. In the server process this thread
does the loading instead: every ``interval`` seconds it asks :func:`addin.core.query.get_query` for
the store's current Query (a dictionary look-up while nothing changed) and hands a new one to the
functions with :func:`addin.excel.functions.use_query` once it is fully loaded. Calls meanwhile keep
being answered from the previous data, so each answer is wholly old or wholly new.

A store that cannot be read at that moment (mid-way a repair, damaged) keeps the previous data and is
logged; the next round tries again.
"""

from __future__ import annotations

import logging
import threading

logger = logging.getLogger("loep.server")


class QueryRefresher:
    """The background thread described above.

    Args:
        interval: seconds between two checks of the store.
        data_dir: the data folder (None: ``LOEP_DATA`` or the default).
    """

    def __init__(self, interval: float, data_dir=None):
        self.interval = interval
        self.data_dir = data_dir
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.current = None
        self.swaps = 0

    def refresh(self) -> bool:
        """Check the store once; True when the functions got a new Query."""
        from addin.core.errors import LoepFout
        from addin.core.query import get_query
        from addin.excel import functions

        try:
            query = get_query(self.data_dir)
        except LoepFout as exc:
            logger.warning("Gegevens niet vernieuwd: %s", str(exc)[:300])
            return False
        except Exception:  # a bug must not stop the refreshing
            logger.exception("Gegevens niet vernieuwd")
            return False
        if query is self.current:
            return False
        functions.use_query(query)
        self.current = query
        self.swaps += 1
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            self.refresh()
            self._stop.wait(self.interval)

    def start(self) -> "QueryRefresher":
        self._thread = threading.Thread(target=self._run, name="loep-gegevens-vernieuwen", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
