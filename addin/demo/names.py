"""Names used by the demonstration data: places, and the programmes that are not in the dual catalogue.

All names are real Flemish municipalities and studierichtingen (before and after the
modernisation of secondary education); the dual programmes themselves come from the real
catalogue (:mod:`addin.core.catalogue`). The lists are fixed, so the generated data are
reproducible.
"""

from __future__ import annotations

import numpy as np

from addin.core.catalogue import DOMEINEN
from addin.core.labels import BRUSSEL

NVT = "n.v.t."

# ---------------------------------------------------------------------------------------------
# Places

#: Real municipalities (fusiegemeenten) per province, the larger towns first.
GEMEENTEN: dict[str, tuple[str, ...]] = {
    "Antwerpen": ("Antwerpen", "Mechelen", "Turnhout", "Geel", "Mol", "Lier", "Herentals", "Heist-op-den-Berg",
                  "Boom", "Brasschaat", "Kapellen", "Schoten", "Mortsel", "Edegem", "Kontich", "Hoogstraten",
                  "Westerlo", "Willebroek", "Bornem", "Puurs-Sint-Amands", "Essen", "Kalmthout", "Brecht",
                  "Malle", "Duffel", "Sint-Katelijne-Waver", "Nijlen", "Arendonk", "Balen", "Beerse"),
    "Limburg": ("Hasselt", "Genk", "Sint-Truiden", "Tongeren-Borgloon", "Beringen", "Lommel", "Maasmechelen",
                "Bilzen-Hoeselt", "Heusden-Zolder", "Houthalen-Helchteren", "Lanaken", "Maaseik", "Bree", "Peer",
                "Diepenbeek", "Leopoldsburg", "Tessenderlo-Ham", "Hamont-Achel", "Pelt", "Herk-de-Stad",
                "Dilsen-Stokkem", "Zonhoven", "Oudsbergen"),
    "Oost-Vlaanderen": ("Gent", "Aalst", "Sint-Niklaas", "Dendermonde", "Oudenaarde", "Ronse", "Eeklo", "Lokeren",
                        "Wetteren", "Geraardsbergen", "Ninove", "Zottegem", "Deinze", "Temse",
                        "Beveren-Kruibeke-Zwijndrecht",
                        "Hamme", "Zele", "Lebbeke", "Merelbeke-Melle", "Lochristi", "Maldegem", "Evergem",
                        "Oosterzele", "Herzele", "Kruisem", "Lede", "Erpe-Mere", "Buggenhout"),
    "Vlaams-Brabant": ("Leuven", "Vilvoorde", "Halle", "Aarschot", "Diest", "Tienen", "Zaventem", "Asse", "Dilbeek",
                       "Grimbergen", "Overijse", "Tervuren", "Machelen", "Liedekerke", "Ternat", "Lennik",
                       "Londerzeel", "Herent", "Kortenberg", "Landen", "Zoutleeuw", "Haacht", "Keerbergen",
                       "Rotselaar", "Tremelo", "Sint-Pieters-Leeuw"),
    "West-Vlaanderen": ("Brugge", "Kortrijk", "Oostende", "Roeselare", "Ieper", "Waregem", "Tielt", "Torhout",
                        "Poperinge", "Diksmuide", "Veurne", "Menen", "Wevelgem", "Harelbeke", "Izegem",
                        "Knokke-Heist", "Blankenberge", "Gistel", "Zedelgem", "Beernem", "Lichtervelde", "Avelgem",
                        "Wervik", "Kortemark", "Oostkamp", "Middelkerke", "Koksijde", "De Panne", "Anzegem"),
    BRUSSEL: ("Brussel", "Anderlecht", "Elsene", "Etterbeek", "Evere", "Ganshoren", "Jette", "Koekelberg",
              "Oudergem", "Schaarbeek", "Sint-Agatha-Berchem", "Sint-Gillis", "Sint-Jans-Molenbeek",
              "Sint-Joost-ten-Node", "Sint-Lambrechts-Woluwe", "Sint-Pieters-Woluwe", "Ukkel", "Vorst",
              "Watermaal-Bosvoorde"),
}
#: Chance that a vestigingsplaats in a Flemish province lies in one of its centrumsteden
#: (addin.core.regiotype.CENTRUMSTEDEN); schools there are larger, the pupils are calibrated anyway.
CENTRUMSTAD_KANS: dict[str, float] = {"Antwerpen": 0.42, "Limburg": 0.30, "Oost-Vlaanderen": 0.40,
                                      "Vlaams-Brabant": 0.18, "West-Vlaanderen": 0.40}

# ---------------------------------------------------------------------------------------------
# School boards and scholengemeenschappen: plausible, invented names (never a real school's or
# board's): an invented stem with the municipality or province of the main seat.

#: Invented stems of the boards of free (mostly Catholic) schools.
VRIJE_STAMMEN = ("De Horizon", "Ter Linde", "De Kiem", "Het Anker", "De Wegwijzer", "Ter Beuken", "De Sleutel",
                 "Het Kompas", "De Brug", "Ter Eiken", "De Vlinder", "Het Baken", "De Ladder", "Ter Heide")
#: Board, scholengemeenschap by soort inrichtende macht ({g}: municipality of the main seat,
#: {p}: province, {s}: an invented stem).
BESTUUR = {
    "Gemeenschapsonderwijs": ("GO! scholengroep {g} en omstreken", "SG GO! {g} en omstreken"),
    "Vrij": ("vzw Scholengroep {s} {g}", "SG {s} {g}"),
    "Gemeente": ("Gemeentelijk scholennet {g}", "SG Gemeentelijk scholennet {g}"),
    "Provincie": ("Provinciaal scholennet {p}", "SG Provinciaal scholennet {p}"),
    "VGC": ("VGC-scholennet Brussel", "SG VGC-scholennet Brussel"),
}
#: Boards of the Syntra campuses (dual learning in the leertijd).
SYNTRA_BESTUUR = "vzw Ondernemersvorming {g}"

STRATEN = ("Kerkstraat", "Stationsstraat", "Schoolstraat", "Molenstraat", "Nieuwstraat", "Dorpsstraat",
            "Kapelstraat", "Kasteelstraat", "Collegestraat", "Kloosterstraat", "Leopoldlaan", "Bruggestraat",
            "Sint-Jozefstraat", "Beekstraat", "Veldstraat", "Gasthuisstraat", "Koning Albertlaan", "Markt",
            "Vaartstraat", "Lindenlaan")

# ---------------------------------------------------------------------------------------------
# Programmes that are not dual (real Flemish studierichtingen; sector = studiegebied before the
# modernisation of the graad, domein after).

_TC, _ST, _KC, _LT, _EO, _MW, _SP, _VH = (DOMEINEN[i] for i in range(1, 9))

#: Segments of hoofdstructuur 311: (onderwijsvorm written, finaliteit after modernisation).
SEGMENTEN: tuple[tuple[str, str], ...] = (
    ("n.v.t. (1e graad)", "n.v.t. (1e graad)"),  # 0
    ("n.v.t. (okan)", "n.v.t. (okan)"),          # 1
    ("n.v.t. (hbo)", "n.v.t. (hbo)"),            # 2
    ("aso", "Doorstroomfinaliteit"),              # 3
    ("tso", "Doorstroomfinaliteit"),              # 4
    ("kso", "Doorstroomfinaliteit"),              # 5
    ("tso", "Dubbele finaliteit"),                # 6
    ("kso", "Dubbele finaliteit"),                # 7
    ("bso", "Arbeidsmarktfinaliteit"),            # 8
    ("bso", "n.v.t. (7e leerjaar)"),              # 9  7th year bso
    ("tso", "n.v.t. (7e leerjaar)"),              # 10 7th year tso (Se-n-Se)
    ("n.v.t. (1e graad)", "n.v.t. (1e graad)"),  # 11 1e leerjaar B (segment 0 is 1e leerjaar A)
    ("n.v.t. (1e graad)", "n.v.t. (1e graad)"),  # 12 2nd year of the 1st graad (2e leerjaar A/B)
)
N_SEG = len(SEGMENTEN)


def parse_names(text: str) -> list[tuple[str, str]]:
    """'Naam|sector; Naam|sector' -> [(naam, sector), …]."""
    out = []
    for item in text.split(";"):
        item = item.strip()
        if item:
            naam, _, sector = item.partition("|")
            out.append((naam.strip(), sector.strip()))
    return out


# (segment, graad, modern) -> [(studierichting, sector)]
OUD_2E_GRAAD = {
    3: "Economie|Algemene vorming; Grieks-Latijn|Algemene vorming; Humane wetenschappen|Algemene vorming; "
       "Latijn|Algemene vorming; Wetenschappen|Algemene vorming; Sportwetenschappen|Algemene vorming",
    4: "Industriële wetenschappen|Mechanica-elektriciteit; Techniek-wetenschappen|Chemie; "
       "Sociale en technische wetenschappen|Sociaal-technische vorming; Handel-talen|Handel",
    5: "Beeldende vorming|Beeldende kunsten; Architecturale vorming|Beeldende kunsten; Muziek|Muziek",
    6: "Bouwtechnieken|Bouw; Elektromechanica|Mechanica-elektriciteit; Elektriciteit-elektronica|"
       "Mechanica-elektriciteit; Handel|Handel; Mechanische vormgevingstechnieken|Mechanica-elektriciteit; "
       "Toerisme|Toerisme; Hotel|Voeding; Lichamelijke opvoeding en sport|Lichamelijke opvoeding en sport; "
       "Plant-, dier- en milieutechnieken|Land- en tuinbouw; Grafische communicatie|Grafische communicatie en media; "
       "Autotechnieken|Auto; Houttechnieken|Hout",
    7: "Dans|Podiumkunsten; Woordkunst-drama|Podiumkunsten; Audiovisuele vorming|Audiovisuele kunsten",
    8: "Basismechanica|Mechanica-elektriciteit; Bouw|Bouw; Hout|Hout; Elektrische installaties|"
       "Mechanica-elektriciteit; Haarzorg|Lichaamsverzorging; Kantoor|Handel; Verkoop|Handel; "
       "Verzorging-voeding|Personenzorg; Restaurant en keuken|Voeding; Bakkerij|Voeding; "
       "Schilderen en decoratie|Bouw; Tuinbouw|Land- en tuinbouw; Carrosserie|Auto; Logistiek|Handel",
}
OUD_3E_GRAAD = {
    3: "Economie-moderne talen|Algemene vorming; Economie-wiskunde|Algemene vorming; Grieks-Latijn|Algemene vorming; "
       "Grieks-wiskunde|Algemene vorming; Humane wetenschappen|Algemene vorming; "
       "Latijn-moderne talen|Algemene vorming; "
       "Latijn-wetenschappen|Algemene vorming; Latijn-wiskunde|Algemene vorming; Moderne talen-wetenschappen|"
       "Algemene vorming; Wetenschappen-wiskunde|Algemene vorming; Wetenschappen-sport|Algemene vorming",
    4: "Industriële wetenschappen|Mechanica-elektriciteit; Sociale en technische wetenschappen|"
       "Sociaal-technische vorming; Biotechnische wetenschappen|Chemie; Secretariaat-talen|Handel",
    5: "Beeldende vorming|Beeldende kunsten; Architecturale vorming|Beeldende kunsten; Muziek|Muziek; "
       "Vrije beeldende kunst|Beeldende kunsten",
    6: "Boekhouden-informatica|Handel; Informaticabeheer|Handel; Handel|Handel; Elektromechanica|"
       "Mechanica-elektriciteit; Elektrotechnieken|Mechanica-elektriciteit; Bouw- en houtkunde|Bouw; Chemie|Chemie; "
       "Toerisme|Toerisme; Hotelbeheer|Voeding; Autotechnieken|Auto; Lichamelijke opvoeding en sport|"
       "Lichamelijke opvoeding en sport; Gezondheids- en welzijnswetenschappen|Personenzorg; Multimedia|"
       "Grafische communicatie en media; Plant-, dier- en milieutechnieken|Land- en tuinbouw",
    7: "Dans|Podiumkunsten; Woordkunst-drama|Podiumkunsten; Toegepaste beeldende kunst|Beeldende kunsten; "
       "Audiovisuele vorming|Audiovisuele kunsten",
    8: "Verzorging|Personenzorg; Kantoor|Handel; Verkoop|Handel; Logistiek|Handel; Elektrische installaties|"
       "Mechanica-elektriciteit; Restaurant en keuken|Voeding; Haarverzorging|Lichaamsverzorging; Auto|Auto; "
       "Ruwbouw|Bouw; Binnenschrijnwerk en interieur|Hout; Lassen-constructie|Mechanica-elektriciteit; "
       "Kinderzorg|Personenzorg; Organisatiehulp|Personenzorg; Brood- en banketbakkerij|Voeding; "
       "Decoratie en schilderwerken|Bouw; Tuinbouw|Land- en tuinbouw; Koetswerk|Auto; "
       "Sanitaire en verwarmingsinstallaties|Koeling en warmte; Grootkeuken|Voeding",
    9: "Kinderzorg|Personenzorg; Thuis- en bejaardenzorg/zorgkundige|Personenzorg; Kantooradministratie en "
       "gegevensbeheer|Handel; Verkoopsadministratie|Handel; Elektrische installatietechnieken|"
       "Mechanica-elektriciteit; Hotelonthaal|Voeding; Restaurantbedrijf|Voeding; Auto-elektriciteit|Auto; "
       "Haarstilist|Lichaamsverzorging; Organisatieassistentie|Handel",
    10: "Internationaal transport en logistiek|Handel; Netwerkbeheer|Handel; Boekhoudinformatica|Handel; "
        "Industriële automatisering|Mechanica-elektriciteit; Webdesign|Grafische communicatie en media; "
        "Hernieuwbare energie|Koeling en warmte",
}
NIEUW_2E_GRAAD = {
    3: f"Economische wetenschappen|{_EO}; Grieks-Latijn|{_TC}; Humane wetenschappen|{_MW}; Latijn|{_TC}; "
       f"Moderne talen|{_TC}; Natuurwetenschappen|{_ST}; Sportwetenschappen|{_SP}",
    4: f"Bedrijfswetenschappen|{_EO}; Biotechnologische STEM-wetenschappen|{_ST}; Technologische wetenschappen|{_ST}; "
       f"Maatschappij- en welzijnswetenschappen|{_MW}",
    5: f"Architecturale en beeldende kunst|{_KC}; Muziek|{_KC}; Woordkunst-drama|{_KC}",
    6: f"Bedrijf en organisatie|{_EO}; Bouwtechnieken|{_ST}; Elektromechanische technieken|{_ST}; "
       f"Elektrotechnieken|{_ST}; Mechanische technieken|{_ST}; Maatschappij en welzijn|{_MW}; "
       f"Organisatie en logistiek|{_EO}; Sport|{_SP}; Hotel|{_VH}; Biotechnieken|{_ST}; "
       f"Plant-, dier- en milieutechnieken|{_LT}; Grafische media|{_ST}",
    7: f"Beeldende en audiovisuele kunsten|{_KC}; Podiumkunsten|{_KC}",
    8: f"Bouw|{_ST}; Hout|{_ST}; Elektriciteit|{_ST}; Mechanica|{_ST}; Haarzorg|{_MW}; Zorg en welzijn|{_MW}; "
       f"Kantoor|{_EO}; Logistiek|{_EO}; Restaurant en keuken|{_VH}; Bakkerij|{_VH}; Schilderen en decoratie|{_ST}; "
       f"Groenzorg|{_LT}; Dierenzorg|{_LT}; Carrosserie|{_ST}; Printmedia|{_ST}; Verkoop|{_EO}",
}
NIEUW_3E_GRAAD = {
    3: f"Economie-moderne talen|{_EO}; Economie-wiskunde|{_EO}; Grieks-Latijn|{_TC}; Latijn-moderne talen|{_TC}; "
       f"Latijn-wiskunde|{_TC}; Moderne talen-wetenschappen|{_TC}; Wetenschappen-wiskunde|{_ST}; "
       f"Humane wetenschappen|{_MW}; Sportwetenschappen|{_SP}; Natuurwetenschappen|{_ST}",
    4: f"Bedrijfswetenschappen|{_EO}; Biotechnologische STEM-wetenschappen|{_ST}; "
       f"Technologische wetenschappen en engineering|{_ST}; Maatschappij- en welzijnswetenschappen|{_MW}; "
       f"Informatica- en communicatiewetenschappen|{_ST}",
    5: f"Architecturale en beeldende kunst|{_KC}; Muziek|{_KC}; Dans|{_KC}; Woordkunst-drama|{_KC}",
    6: f"Boekhouden-informatica|{_EO}; Elektromechanische technieken|{_ST}; Elektrotechnieken|{_ST}; "
       f"Bouwtechnieken|{_ST}; Organisatie en logistiek|{_EO}; Onthaal en recreatie|{_EO}; Gezondheidszorg|{_MW}; "
       f"Opvoeding en begeleiding|{_MW}; Sport en bewegen|{_SP}; Hotelbeheer|{_VH}; Mechanische technieken|{_ST}; "
       f"Grafische media|{_ST}; Agro- en biotechnieken|{_LT}; Chemie|{_ST}",
    7: f"Beeldende en audiovisuele kunsten|{_KC}; Podiumkunsten|{_KC}",
    8: f"Basiszorg en ondersteuning|{_MW}; Onthaal, organisatie en sales|{_EO}; Logistiek|{_EO}; "
       f"Elektrische installaties|{_ST}; Restaurant en keuken|{_VH}; Haarverzorging|{_MW}; "
       f"Onderhoudsmechanica auto|{_ST}; Ruwbouw|{_ST}; Binnenschrijnwerk en interieur|{_ST}; "
       f"Lassen-constructie|{_ST}; Assistentie in wonen, zorg en welzijn|{_MW}; "
       f"Sanitaire en verwarmingsinstallaties|{_ST}; Koetswerk|{_ST}; Brood- en banketbakkerij|{_VH}; "
       f"Groenaanleg en -beheer|{_LT}; Decoratie en schilderwerken|{_ST}; Grootkeuken en catering|{_VH}",
    9: f"Kinderbegeleider|{_MW}; Zorgkundige|{_MW}; Commercieel assistent|{_EO}; Kapper-stylist|{_MW}; "
       f"Elektrotechnicus|{_ST}; Lasser-monteerder|{_ST}; Interieurbouwer|{_ST}; Kok|{_VH}; "
       f"Logistiek assistent magazijn|{_EO}; Hotelreceptionist|{_VH}; Technicus installatietechnieken|{_ST}",
    10: f"Internationaal transport en logistiek|{_EO}; Netwerkbeheer|{_ST}; Boekhoudinformatica|{_EO}; "
        f"Industriële automatisering|{_ST}; Webdesign|{_KC}",
}
#: 1st graad: (studierichting, leerjaar, weight); before and after the modernisation.
G1_OUD = (("1e leerjaar A", "1e leerjaar A", 42.0), ("1e leerjaar B", "1e leerjaar B", 5.0),
           ("Moderne wetenschappen", "2e leerjaar A", 14.0), ("Latijn", "2e leerjaar A", 9.0),
           ("Grieks-Latijn", "2e leerjaar A", 1.5), ("Techniek-wetenschappen", "2e leerjaar A", 6.0),
           ("Handel", "2e leerjaar A", 5.0), ("Sociale en technische vorming", "2e leerjaar A", 5.0),
           ("Industriële wetenschappen", "2e leerjaar A", 3.0), ("Artistieke opvoeding", "2e leerjaar A", 1.5),
           ("Beroepsvoorbereidend leerjaar", "2e leerjaar B", 7.0))
G1_NIEUW = (("1e leerjaar A", "1e leerjaar A", 42.0, NVT), ("1e leerjaar B", "1e leerjaar B", 5.0, NVT),
           ("Klassieke talen", "2e leerjaar A", 10.0, _TC),
           ("Moderne talen en wetenschappen", "2e leerjaar A", 11.0, _TC),
           ("STEM-wetenschappen", "2e leerjaar A", 6.0, _ST), ("STEM-technieken", "2e leerjaar A", 5.0, _ST),
           ("Economie en organisatie", "2e leerjaar A", 5.0, _EO),
           ("Maatschappij en welzijn", "2e leerjaar A", 4.0, _MW),
           ("Kunst en creatie", "2e leerjaar A", 1.5, _KC), ("Sport", "2e leerjaar A", 1.5, _SP),
           ("Voeding en horeca", "2e leerjaar A", 1.0, _VH), ("Economie en organisatie", "2e leerjaar B", 2.5, _EO),
           ("Maatschappij en welzijn", "2e leerjaar B", 2.0, _MW), ("STEM", "2e leerjaar B", 2.5, _ST))
G1_OUD_SECTOR = {"Moderne wetenschappen": "Algemene vorming", "Latijn": "Algemene vorming",
                  "Grieks-Latijn": "Algemene vorming", "Techniek-wetenschappen": "Techniek",
                  "Handel": "Handel", "Sociale en technische vorming": "Sociaal-technische vorming",
                  "Industriële wetenschappen": "Techniek", "Artistieke opvoeding": "Beeldende kunsten",
                  "Beroepsvoorbereidend leerjaar": "Beroepenveld"}

DBSO_RICHTINGEN = parse_names("Verkoop|Handel; Logistiek|Handel; Horeca|Voeding; Bouw|Bouw; Hout|Hout; Kantoor|Handel; "
               "Haarzorg|Lichaamsverzorging; Metaal|Mechanica-elektriciteit; Auto|Auto; Schilderwerk|Bouw; "
               "Verzorging|Personenzorg; Groenzorg|Land- en tuinbouw; Elektriciteit|Mechanica-elektriciteit")
#: BuSO opleidingsvormen (label as in the files) and their types (weights).
BUSO_OV: tuple[str, ...] = ("Sociale aanpassing", "Soc.aanpassing en arbeidsgeschiktmaking", "Beroepsonderwijs",
                            "Algemeen,technisch,kunst- en beroepsond.")
OV3 = 2
BUSO_TYPES: tuple[str, ...] = ("Type 1", "Type 2", "Type 3", "Type 4", "Type 6", "Type 7", "Type 9", "Type BA")
#: Prior of the types within each opleidingsvorm (rows: BUSO_OV; 0 = never); the year's national
#: opleidingsvorm x type table is fitted to both exact margins from this prior.
BUSO_TYPE_W = np.array([
    # T1   T2    T3    T4    T6    T7    T9    BA
    [0.00, 0.35, 0.05, 0.15, 0.05, 0.08, 0.30, 0.00],  # Sociale aanpassing
    [0.05, 0.60, 0.05, 0.05, 0.00, 0.00, 0.25, 0.00],  # Soc.aanpassing en arbeidsgeschiktmaking
    [0.25, 0.02, 0.10, 0.04, 0.02, 0.03, 0.14, 0.42],  # Beroepsonderwijs (OV3; the dual pupils are Type BA)
    [0.15, 0.00, 0.25, 0.15, 0.10, 0.10, 0.25, 0.00],  # Algemeen,technisch,kunst- en beroepsond.
])
BUSO_RICHTINGEN = {
    0: parse_names("Opleidingsvorm 1|n.v.t."),
    1: parse_names("Opleidingsvorm 2|n.v.t."),
    2: parse_names(f"Medewerker groen- en tuinbeheer|{_LT}; Medewerker fastfood|{_VH}; Keukenmedewerker|{_VH}; "
              f"Medewerker hout|{_ST}; Winkelmedewerker|{_EO}; Magazijnmedewerker|{_EO}; Medewerker ruwbouw|{_ST}; "
              f"Medewerker kamerdienst|{_VH}; Medewerker (banket)bakkerij|{_VH}; Schoonmaker|{_MW}; "
              f"Verpakker|{_EO}; Productiemedewerker industrie|{_ST}; Medewerker textielverzorging|{_MW}; "
              f"Medewerker schilder- en behangwerken|{_ST}; Medewerker spoelkeuken|{_VH}; Grootkeukenmedewerker|{_VH}"),
    3: parse_names(f"Kantoor|{_EO}; Verzorging|{_MW}; Restaurant en keuken|{_VH}; Elektrische installaties|{_ST}; "
              f"Handel|{_EO}; Sociale en technische wetenschappen|{_MW}"),
}
BUSO_OUD_SECTOR = {_LT: "Land- en tuinbouw", _VH: "Voeding", _EO: "Handel", _MW: "Personenzorg",
                   _ST: "Mechanica-elektriciteit", NVT: NVT}

# ---------------------------------------------------------------------------------------------
# Dual programmes

#: Dual programmes of BuSO opleidingsvorm 3 (catalogue names; the last three are offered nowhere
#: in the 2026 catalogue and so disappear in 2025-2026).
BUSO_DUAAL: tuple[str, ...] = (
    "Medewerker groen- en tuinbeheer duaal", "Medewerker fastfood duaal", "Keukenmedewerker duaal",
    "Medewerker hout duaal", "Winkelmedewerker duaal", "Magazijnmedewerker duaal", "Medewerker ruwbouw duaal",
    "Medewerker kamerdienst duaal", "Medewerker (banket)bakkerij duaal", "Schoonmaker duaal", "Verpakker duaal",
    "Productiemedewerker industrie duaal", "Voorbewerker carrosserie duaal", "Bandenmonteur duaal",
    "Fietshersteller duaal", "Medewerker schilder- en behangwerken DL", "Hoeknaadlasser duaal",
    "Machinaal houtbewerker duaal", "Medewerker textielverzorging duaal", "Assistent plantaardige productie duaal",
    "Medewerker spoelkeuken duaal OV3",
)
#: Dual trajectories at Syntra (catalogue names).
SYNTRA_DUAAL: tuple[tuple[str, float], ...] = (
    ("Kapper-stylist duaal", 6.0), ("Elektrotechnicus duaal", 5.0), ("Kok duaal", 4.0),
    ("Schrijnwerker houtbouw duaal", 3.0), ("Dakwerker duaal", 3.0), ("Lasser-monteerder duaal", 2.5),
    ("Pol. mec. pers.w. & lichte bedrijfsv. DL", 4.0), ("Techn. gebouwenautom. en energieman. DL", 1.5),
    ("Interieurbouwer duaal", 3.0), ("Vloerder-tegelzetter duaal", 2.0), ("Daktimmerman duaal", 2.0),
    ("Technicus installatietechnieken duaal", 2.5), ("Spuiter carrosserie duaal", 1.5),
    ("Commercieel assistent duaal", 1.5), ("Florist duaal", 1.0), ("Tuinaanlegger-groenbeheerder duaal", 1.5),
    ("Brood- en banketbakkerij duaal", 2.0), ("Slager-charcutier duaal", 2.0), ("Culinair slager duaal", 1.0),
)
#: Dual 2nd-graad pilot programmes before the modernisation reached the 2nd graad.
PILOOT_2E_GRAAD: tuple[tuple[str, str], ...] = (
    ("Hoeknaadlasser duaal", "Mechanica-elektriciteit"), ("Keukenmedewerker duaal", "Voeding"),
    ("Winkelmedewerker duaal", "Handel"), ("Medewerker ruwbouw duaal", "Bouw"),
)

FEMALE_KEYS = (("zorg", 0.86), ("kinder", 0.93), ("haar", 0.9), ("kapper", 0.88), ("verzorg", 0.86),
                ("welzijn", 0.8), ("mode", 0.85), ("textiel", 0.7), ("onthaal", 0.7), ("tandarts", 0.9),
                ("humane", 0.78), ("opvoeding", 0.8), ("gezondheid", 0.8), ("verpleeg", 0.85), ("dans", 0.85),
                ("florist", 0.75), ("kantoor", 0.65), ("secretariaat", 0.7), ("sociale", 0.8),
                ("elektr", 0.04), ("mechani", 0.04), ("bouw", 0.04), ("hout", 0.04), ("lass", 0.03),
                ("auto", 0.04), ("koetswerk", 0.03), ("carrosserie", 0.03), ("sanita", 0.03), ("ruwbouw", 0.02),
                ("dak", 0.02), ("schrijnwerk", 0.03), ("installat", 0.04), ("metaal", 0.03), ("industri", 0.15),
                ("stem", 0.3), ("techn", 0.2), ("logistiek", 0.25), ("magazijn", 0.2), ("fiets", 0.08),
                ("banden", 0.05), ("groen", 0.15), ("tuin", 0.15), ("sport", 0.35), ("slager", 0.15),
                ("kok", 0.35), ("keuken", 0.4), ("restaurant", 0.45), ("bakker", 0.4), ("netwerk", 0.08))


def female_share(naam: str) -> float:
    """Share of girls assumed for a programme, from keywords in its name (0.5 when none matches)."""
    low = naam.lower()
    for key, share in FEMALE_KEYS:
        if key in low:
            return share
    return 0.5
