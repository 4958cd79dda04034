"""npl-tui: a terminal monitor for China's non-performing-loan market."""

import logging

__version__ = "0.1.0"

# Records go nowhere until the command line configures the log file (npl_tui.core.logs):
# without this, the standard library would print warnings on standard error, over the
# monitor's screen.
logging.getLogger(__name__).addHandler(logging.NullHandler())

