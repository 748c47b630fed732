"""Test-only helpers (synthetic form data); never imported by the jixiao package."""
