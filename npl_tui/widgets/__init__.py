"""Widgets: one per module. Each takes the snapshot and display settings as reactives
(bound from its screen) and re-renders in watchers; none loads data itself."""
