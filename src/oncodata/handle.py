"""The Python API: `oncodata.connect(url)` returns a handle offering the same operations as the CLI."""

from __future__ import annotations

from oncodata.lifecycle import InitResult, StatusReport, database_status, initialize
from oncodata.settings import Settings, load_settings
from oncodata.store import Store, open_store


class OncoData:
    """One open OncoData database plus the settings it runs under."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def init(self) -> InitResult:
        """Create or migrate the schema and write CDM_SOURCE; idempotent."""
        return initialize(self.store, self.settings)

    def status(self) -> StatusReport:
        """Schema version and row counts of every CDM table."""
        return database_status(self.store)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> OncoData:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def connect(url: str | None = None, *, settings: Settings | None = None, must_exist: bool = False) -> OncoData:
    """Open the database at `url` (default: settings.db, i.e. ONCODATA_DB or ./oncodata.duckdb).

    `must_exist` refuses to create a new DuckDB file, for commands that only read.
    """
    resolved = (settings or load_settings()).with_overrides(db=url)
    return OncoData(open_store(resolved.db, must_exist=must_exist), resolved)
