"""Loep's own routes on the server.

- ``GET /loep/download/{token}``: the answer workbook made by the task-pane button. Only a
  well-formed random token is accepted, resolved inside the download folder
  (:mod:`addin.excel.downloads`); anything else, including ``../`` tricks, is 404.
- ``GET /loep/hulp``: a Dutch help page (the manifest's support URL unless ``--hulp-url`` names
  another), listing the functions with their help texts from :mod:`addin.excel.functions`.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from xlwings_server.config import settings
from xlwings_server.templates import TemplateResponse

from addin.excel import downloads
from addin.excel import functions as f
from addin.excel.http_errors import DutchHTTPException
from addin.excel.serve import HELP_PATH

router = APIRouter()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/loep/download/{token}")
async def download(token: str):
    path = downloads.resolve(token)
    if path is None:
        raise DutchHTTPException(status_code=404, detail="Niet gevonden: deze download bestaat niet (meer).")
    return FileResponse(path, media_type=XLSX, filename=path.name)


@router.get(HELP_PATH)
async def hulp(request: Request):
    functions = [(excel, f.HELP[python]) for python, excel in f.FUNCTIONS.items()]
    return TemplateResponse(request=request, name="hulp.html",
                            context={"functions": functions, "namespace": settings.functions_namespace.upper()})
