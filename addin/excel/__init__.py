"""Excel front ends: cell functions (plain Python + desktop UDFs), button scripts, the macro workbook
builder and the launcher of the Office.js server (whose project folder is ``addin/server``)."""
