"""Loep: leerlingenaantallen van het Vlaamse secundair onderwijs, in Excel en op de opdrachtregel.

The package is split into a pure core (``addin.core``: reading, cleaning, storing and
querying enrolment data, and the question tables) and thin front ends over it:
``addin.report`` (answer workbook), ``addin.excel`` (cell functions, buttons, desktop
workbook, Office.js server) and ``addin.cli`` (command line).
"""

__version__ = "0.1.0"
