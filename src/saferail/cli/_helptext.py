"""Help text as the terminal should show it: wrapped lines of a paragraph joined.

Typer's rich help keeps every single line break of a docstring, so a paragraph wrapped at
100 columns in the source was shown broken mid-sentence at whatever width the terminal has
("... Exits 1 when" / "every case errored ..."). :func:`reflow_help` gives every command and
group of an app its docstring with the lines of each prose paragraph joined, and lets Rich
wrap them to the terminal. Paragraphs with an indented line or a list item ("- ", "* ")
keep their lines.
"""

from __future__ import annotations

__all__ = ["first_sentence", "reflow", "reflow_help"]

import inspect
import re

import typer

_KEEP = re.compile(r"^(?:\s|[-*] |\$ |\x08)")


def reflow(doc: str) -> str:
    """``doc`` dedented, with the wrapped lines of each prose paragraph joined by spaces."""
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    out = []
    for paragraph in paragraphs:
        lines = paragraph.split("\n")
        if any(_KEEP.match(line) for line in lines):
            out.append(paragraph)
        else:
            out.append(" ".join(line.strip() for line in lines))
    return "\n\n".join(out)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(`\"'])")


def first_sentence(doc: str) -> str:
    """The first sentence of ``doc``'s first paragraph, its wrapped lines joined (a
    docstring's first line can stop mid-sentence)."""
    paragraph = reflow(doc).split("\n\n")[0] if doc.strip() else ""
    return _SENTENCE_END.split(paragraph, maxsplit=1)[0]


def reflow_help(app: typer.Typer) -> None:
    """Set the help of every command and group callback of ``app`` (and of its sub-apps)
    that takes it from a docstring to the reflowed docstring. Help given explicitly
    (``help=``) is reflowed too."""
    for command in app.registered_commands:
        doc = command.help or inspect.getdoc(command.callback)
        if doc:
            command.help = reflow(doc)
    callback = app.registered_callback
    if callback is not None and callback.callback is not None:
        doc = callback.help or inspect.getdoc(callback.callback)
        if doc:
            callback.help = reflow(doc)
    if isinstance(app.info.help, str):
        app.info.help = reflow(app.info.help)
    for group in app.registered_groups:
        if isinstance(group.help, str):
            group.help = reflow(group.help)
        if group.typer_instance is not None:
            reflow_help(group.typer_instance)
