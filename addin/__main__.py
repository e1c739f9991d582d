"""``python -m addin`` runs the command line, exactly like the ``loep`` script."""

from addin.cli.main import main

raise SystemExit(main())
