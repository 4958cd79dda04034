"""Screens: the dashboard and the help overlay (drill-down screens live beside them)."""
