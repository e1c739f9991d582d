"""Route ``GET /loep/download/{token}``: the answer workbook made by the task-pane button.

Only a well-formed random token is accepted, resolved inside the download folder
(:mod:`addin.excel.downloads`); anything else, including ``../`` tricks, is 404.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from addin.excel import downloads

router = APIRouter()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/loep/download/{token}")
async def download(token: str):
    path = downloads.resolve(token)
    if path is None:
        raise HTTPException(status_code=404, detail="Niet gevonden: deze download bestaat niet (meer).")
    return FileResponse(path, media_type=XLSX, filename=path.name)
