"""OncoData: an oncology clinical data platform producing a de-identified OMOP CDM v5.4 database."""

from __future__ import annotations

from oncodata.handle import OncoData, connect

__all__ = ["OncoData", "__version__", "connect"]

__version__ = "0.1.0"
