"""Pure core: data, cleaning, queries and question tables. Imports neither xlwings nor XlsxWriter."""
