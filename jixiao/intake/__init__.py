"""Intake: folders, zip, .eml, .msg and mbox (nested in any mix) → a flat list of submissions with provenance."""
from .archive import member_name
from .collect import classify, collect
from .msgwriter import write_msg
from .submission import Intake, Submission, is_junk, safe_name

__all__ = ["Intake", "Submission", "classify", "collect", "is_junk", "member_name", "safe_name", "write_msg"]
