"""xlwings Server's page frame in Dutch: the task pane and the alert dialog as Loep serves them.

Loep's task pane (``addin/server/templates/taskpane.html``) extends xlwings Server's ``base.html``,
which says ``lang="en"``, ``<title>Task pane</title>``, "Reload"/"Cancel" and ``aria-label="Close"``
outside any block a child template can fill; its alert dialog has "Yes"/"No"/"Cancel" buttons.
Rather than keeping a copy of those templates, the template loader hands them out with these
few texts replaced (:data:`DUTCH_FRAME`). A text that an xlwings upgrade no longer contains is
logged as a warning, and the test suite fails on any English left in the served pages.
"""

from __future__ import annotations

import logging

from jinja2 import BaseLoader

logger = logging.getLogger("loep.server")

#: Per template of xlwings Server: (English text, Dutch text), replaced everywhere in the source.
DUTCH_FRAME: dict[str, tuple[tuple[str, str], ...]] = {
    "base.html": (
        ('<html lang="en">', '<html lang="nl">'),
        ("<title>Task pane</title>", "<title>Loep</title>"),
        ("The add-in didn't load properly.", "De add-in is niet goed geladen."),
        (">Reload</button>", ">Opnieuw laden</button>"),
        (">Cancel</button>", ">Annuleren</button>"),
        ('aria-label="Close"', 'aria-label="Sluiten"'),
    ),
    "xlwings_alert.html": (
        (">Yes</button>", ">Ja</button>"),
        (">No</button>", ">Nee</button>"),
        (">Cancel</button>", ">Annuleren</button>"),
    ),
}


def translate(name: str, source: str) -> tuple[str, list[str]]:
    """``source`` of template ``name`` with its Dutch texts; also the English texts that were not found."""
    missing = []
    for english, dutch in DUTCH_FRAME.get(name, ()):
        if english not in source:
            missing.append(english)
        source = source.replace(english, dutch)
    return source, missing


class DutchFrameLoader(BaseLoader):
    """A Jinja loader around another: the templates of :data:`DUTCH_FRAME` come out translated."""

    def __init__(self, inner: BaseLoader):
        self.inner = inner

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        if template in DUTCH_FRAME:
            source, missing = translate(template, source)
            for english in missing:
                logger.warning("Tekst %r niet gevonden in %s van xlwings Server: blijft onvertaald", english,
                               template)
        return source, filename, uptodate

    def list_templates(self):
        return self.inner.list_templates()


def install_dutch_frame(env) -> None:
    """Make the Jinja environment ``env`` (xlwings Server's templates) load the frame in Dutch."""
    if not isinstance(env.loader, DutchFrameLoader):
        env.loader = DutchFrameLoader(env.loader)
        if env.cache is not None:
            env.cache.clear()
