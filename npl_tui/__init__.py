"""npl-tui: a terminal monitor for China's non-performing-loan market."""

__version__ = "0.1.0"
