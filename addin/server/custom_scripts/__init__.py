"""Custom scripts (task-pane buttons) the xlwings Server publishes."""

from .loep import *  # noqa: F401,F403
