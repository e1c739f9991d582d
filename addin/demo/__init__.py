"""The synthetic demonstration data: generator, calibration targets, names, regional paths.

Kept out of the core on purpose: the core (and the store in particular) never imports this
package, so the store cannot build demonstration data behind a caller's back. The front ends (CLI,
Excel functions and buttons, the server, the answer job) call :func:`ensure` before they load the
store: it builds the demo store on first use and rebuilds a demo store of another generator
version (:data:`GENERATOR_VERSIE`); real data are never touched.

Modules: ``generator`` (model and files), ``calibration`` (targets), ``allocation`` (exact
integer allocation), ``regions`` (how the splits differ by province and year), ``names``
(municipalities, school names and non-dual programmes), ``first_use`` (:func:`ensure`: first use and stale stores).
"""

from addin.demo.first_use import ensure, first_use_notice, stale_notice
from addin.demo.generator import (
    FILE_PATTERN,
    GENERATOR_VERSIE,
    build_demo,
    file_name,
    write_demo_files,
    year_table,
)

__all__ = ["FILE_PATTERN", "GENERATOR_VERSIE", "build_demo", "ensure", "file_name", "first_use_notice",
           "stale_notice",
           "write_demo_files", "year_table"]
