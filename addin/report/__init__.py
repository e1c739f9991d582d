"""The answer workbook and the main job.

- ``document``: :class:`AnswerDocument`, everything the workbook shows.
- ``workbook``: the XlsxWriter renderer (sheet order, properties); ``front_sheets``,
  ``table_sheet`` and ``answer_sheet`` draw the sheets; ``theme`` holds the formats.
- ``cells``: how a table value becomes a cell; ``csv_export``: a CSV per table.
- ``output``: output paths and all-or-nothing writes.
- ``answer``: the main job :func:`make_answer` (``loep antwoord``).
"""
