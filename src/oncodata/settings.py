"""One Settings object, read from ONCODATA_* environment variables and an optional oncodata.toml."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from oncodata.errors import BadInputError

DEFAULT_DB_URL = "./oncodata.duckdb"
CONFIG_FILE_NAME = "oncodata.toml"


@dataclass(frozen=True)
class Settings:
    """Every tunable of the product in one place; CLI options override environment, which overrides the file."""

    db: str = DEFAULT_DB_URL
    cdm_source_name: str = "OncoData research database"
    cdm_source_abbreviation: str = "ONCODATA"
    cdm_holder: str = "OncoData site"
    source_description: str = "Oncology data standardized to OMOP CDM v5.4 by OncoData"
    # Secret key file for pseudonyms, date shifts and the vault (ONCODATA_KEY_FILE); None means beside the database.
    key_file: str | None = None
    # Who runs CLI commands (ONCODATA_USER or --as); None means the operating-system login name.
    user: str | None = None
    # "password" checks ONCODATA_PASSWORD or a prompt; "trust" accepts --as (the OS file permissions are the
    # boundary); "auto" is trust for a local DuckDB file and password for a server database.
    cli_authentication: str = "auto"
    config_file: Path | None = field(default=None, compare=False)

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with the non-None overrides applied."""
        return replace(self, **{key: value for key, value in overrides.items() if value is not None})


def _coerce(name: str, raw: object, target: Settings) -> object:
    """Keep file/env values the same type as the defaults so typos fail early."""
    default = getattr(target, name)
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw
        return str(raw).strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int) and not isinstance(default, bool):
        try:
            return int(str(raw))
        except ValueError as error:
            raise BadInputError(f"setting {name}: expected an integer, got {raw!r}") from error
    return str(raw)


def load_settings(config_file: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Build Settings from defaults, then `oncodata.toml` (or ONCODATA_CONFIG), then ONCODATA_* variables."""
    env = dict(os.environ if environ is None else environ)
    settings = Settings()
    known = {f.name for f in fields(Settings)} - {"config_file"}
    path = config_file or (Path(env["ONCODATA_CONFIG"]) if env.get("ONCODATA_CONFIG") else Path(CONFIG_FILE_NAME))
    values: dict[str, object] = {}
    if path.is_file():
        try:
            with open(path, "rb") as handle:
                document = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise BadInputError(f"{path}: not valid TOML ({error})") from error
        section = document.get("oncodata", document)
        for key, raw in section.items():
            if key not in known:
                raise BadInputError(f"{path}: unknown setting {key!r}")
            values[key] = _coerce(key, raw, settings)
        settings = replace(settings, config_file=path)
    for name in known:
        env_name = f"ONCODATA_{name.upper()}"
        if env.get(env_name):
            values[name] = _coerce(name, env[env_name], settings)
    return replace(settings, **values)
