"""Custom functions the xlwings Server publishes (Excel names ``LOEP.*``)."""

from .loep import *  # noqa: F401,F403
