"""The meeting report: model, builder, renderers, and the /report command."""

from .build import build_report
from .command import compile_files, family
from .model import Report

__all__ = ["Report", "build_report", "compile_files", "family"]
