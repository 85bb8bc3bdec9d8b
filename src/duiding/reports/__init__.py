"""Narrative reports of protected observations, rendered to HTML and PDF.

Reads only what duiding.privacy lets out.
"""
