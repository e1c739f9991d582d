"""Command line front end (``loep`` / ``python -m addin``)."""
