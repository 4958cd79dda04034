"""Turning what the market publishes into feed tables.

Readers for the publishers' own documents (Yindeng transfer announcements as PDF, NFRA
quarterly releases as HTML or text) and the code that merges what they say into a
snapshot directory's tables. Like :mod:`npl_tui.core`, nothing here imports Textual.
"""
