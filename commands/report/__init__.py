"""The meeting report: model, builder, renderers, and the /report command."""

from commands.report.build import build_report
from commands.report.command import FAMILY, compile_files
from commands.report.model import Report

__all__ = ["Report", "build_report", "compile_files", "FAMILY"]
