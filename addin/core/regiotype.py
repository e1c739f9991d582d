"""The derived dimension *regiotype*: Brussel, the 13 centrumsteden, or the rest of Flanders.

The Flemish government names 13 *centrumsteden* (besides Antwerpen and Gent, the two
*centrumsteden* that are also the largest cities); the open-data analyses of the enrolment files
group the vestigingsplaatsen of schools as Brussel / Centrumsteden / Rest van Vlaanderen. The list
is defined here once; the cleaner derives the column from the municipality of the vestigingsplaats
(``vestiging_fusiegemeente_naam``) and its province, the demo generator uses it for calibration.
"""

from __future__ import annotations

from addin.core.labels import BRUSSEL, fold

BRUSSEL_REGIO = "Brussel"
CENTRUMSTEDEN_REGIO = "Centrumsteden"
REST_REGIO = "Rest van Vlaanderen"
#: The values of the dimension, in display order.
REGIOTYPES: tuple[str, ...] = (BRUSSEL_REGIO, CENTRUMSTEDEN_REGIO, REST_REGIO)

#: The 13 centrumsteden (Vlaams Stedenfonds / Agentschap Binnenlands Bestuur), with their province.
CENTRUMSTEDEN: dict[str, str] = {
    "Aalst": "Oost-Vlaanderen",
    "Antwerpen": "Antwerpen",
    "Brugge": "West-Vlaanderen",
    "Genk": "Limburg",
    "Gent": "Oost-Vlaanderen",
    "Hasselt": "Limburg",
    "Kortrijk": "West-Vlaanderen",
    "Leuven": "Vlaams-Brabant",
    "Mechelen": "Antwerpen",
    "Oostende": "West-Vlaanderen",
    "Roeselare": "West-Vlaanderen",
    "Sint-Niklaas": "Oost-Vlaanderen",
    "Turnhout": "Antwerpen",
}
_CENTRUM_KEYS = frozenset(fold(g) for g in CENTRUMSTEDEN)


def regiotype(gemeente: str | None, provincie: str | None) -> str | None:
    """Regiotype of a vestigingsplaats from its municipality and province (None when the province is unknown).

    A vestigingsplaats in the Brussels Hoofdstedelijk Gewest is 'Brussel'; one in a centrumstad
    (matched on the folded name, so 'SINT-NIKLAAS' and 'Sint Niklaas' count) is 'Centrumsteden';
    any other Flemish one is 'Rest van Vlaanderen'.
    """
    if provincie is None:
        return None
    if provincie == BRUSSEL:
        return BRUSSEL_REGIO
    if gemeente is not None and fold(gemeente) in _CENTRUM_KEYS:
        return CENTRUMSTEDEN_REGIO
    return REST_REGIO
