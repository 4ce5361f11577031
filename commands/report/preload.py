"""Importing this loads everything a report's worker uses: the writers and the libraries
behind them (python-docx and lxml, Jinja2 and its page template, Python-Markdown,
icalendar), which the commands themselves load only when first used.

The server's fork server imports it once (bot/jobs.py), so each report's worker starts with
all of it loaded.
"""

import docx  # noqa: F401 (word_template loads it where a file is opened)
import icalendar  # noqa: F401 (calendar loads it where a file is written)

from commands.report import html, word  # noqa: F401 (loaded for the worker)
from commands.report.render import page_template

page_template()  # the HTML page's template, compiled
