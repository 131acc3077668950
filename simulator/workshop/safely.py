"""Buttons that never show a traceback: what goes wrong becomes a sentence on the page."""

from __future__ import annotations

import html

from ..i18n import Text


def safely(page, action, error: Text):
    """A widget handler that runs ``action``; an exception becomes ``error`` (filled with its message)
    in ``page.message``, in ``page.lang``."""
    def handler(*args):
        try:
            action(*args)
        except Exception as exc:  # a trainer or trainee sees a sentence, never a traceback
            text = exc.message(page.lang) if hasattr(exc, "message") else f"{type(exc).__name__}: {exc}"
            page.message.value = f"<p class='xs-error'>{html.escape(error(page.lang, message=text))}</p>"
    return handler
