"""`python -m npl_tui` is the same as `npl-tui`."""

from .cli import main

raise SystemExit(main())
