"""The batch behind `jixiao check`: intake → validate each file in isolation → roster rules → one identity decision → the check folder."""

from .folder import COPIES, RESULT_JSON, LoadError, is_check_output, load_check, write_check_folder
from .identity import decide, owner_key, subject_key
from .pipeline import Options, check_paths
from .reconcile import reconcile

__all__ = ["COPIES", "RESULT_JSON", "LoadError", "Options", "check_paths", "decide", "is_check_output", "load_check",
           "owner_key", "reconcile", "subject_key", "write_check_folder"]
