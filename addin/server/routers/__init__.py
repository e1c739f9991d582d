"""Extra routes of the Loep server (xlwings Server loads ``routers.custom``)."""
