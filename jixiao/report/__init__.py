"""Reports on a batch of submissions: bureau summary (xlsx/JSON/CSV), per-unit feedback workbooks, return letters."""

from .feedback import write_feedback
from .letter import render_letter, write_letter
from .model import BatchReport
from .summary import write_csv, write_json, write_summary

__all__ = ["BatchReport", "write_summary", "write_json", "write_csv", "write_feedback",
           "render_letter", "write_letter"]
