"""The analytics commands as a researcher runs them: cohort create/list/show/delete, survival (JSON, plot), permissions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oncodata.store import open_store
from tests.analytics.fixture_cdm import load_fixture_cdm
from tests.cli.runner import run_cli

DATA = Path(__file__).resolve().parents[1] / "data" / "analytics"
RESEARCHER = {"ONCODATA_USER": "chen_research", "ONCODATA_PASSWORD": "research-pass-2026"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("analytics_cli")
    url = str(folder / "oncodata.duckdb")
    assert run_cli("--db", url, "init", cwd=folder).returncode == 0
    added = run_cli(
        "--db",
        url,
        "user",
        "add",
        "chen_research",
        "--role",
        "researcher",
        "--password-stdin",
        cwd=folder,
        stdin="research-pass-2026",
    )
    assert added.returncode == 0, added.stderr
    store = open_store(url)
    load_fixture_cdm(store)
    store.close()
    return url, folder


def test_cohort_lifecycle_and_survival(site: tuple[str, Path]) -> None:
    url, folder = site
    created = run_cli(
        "--db", url, "cohort", "create", str(DATA / "egfr_advanced_adeno.yaml"), "--json", cwd=folder, env=RESEARCHER
    )
    assert created.returncode == 0, created.stderr
    payload = json.loads(created.stdout)
    cohort_id = payload["cohort_id"]
    assert payload["persons"] == 2
    assert [row["persons_after"] for row in payload["attrition"]] == [9, 8, 5, 3, 2]
    shown = run_cli("--db", url, "cohort", "show", str(cohort_id), cwd=folder, env=RESEARCHER)
    assert shown.returncode == 0 and "EGFR positive" in shown.stdout and "stage IIIB-IV" in shown.stdout
    listed = json.loads(run_cli("--db", url, "cohort", "list", "--json", cwd=folder, env=RESEARCHER).stdout)
    assert [c["cohort_id"] for c in listed["cohorts"]] == [cohort_id]

    plot = folder / "os.svg"
    survival = run_cli(
        "--db", url, "survival", str(cohort_id), "--by", "sex", "--plot", str(plot), "--json", cwd=folder, env=RESEARCHER
    )
    assert survival.returncode == 0, survival.stderr
    result = json.loads(survival.stdout)
    assert {s["name"]: (s["n"], s["events"]) for s in result["strata"]} == {"Male": (1, 1), "Female": (1, 0)}
    assert result["strata"][0]["median_days"] == 549
    assert 0 <= result["logrank_p"] <= 1
    assert plot.read_text().lstrip().startswith("<?xml") and "Number at risk" in plot.read_text()

    bad = run_cli("--db", url, "survival", str(cohort_id), "--endpoint", "dfs", cwd=folder, env=RESEARCHER)
    assert bad.returncode == 2 and "--endpoint must be os or pfs" in bad.stderr
    missing = run_cli("--db", url, "survival", "999", cwd=folder, env=RESEARCHER)
    assert missing.returncode == 2 and "cohort 999 does not exist" in missing.stderr

    table1 = run_cli("--db", url, "characterize", str(cohort_id), "--json", cwd=folder, env=RESEARCHER)
    assert json.loads(table1.stdout)["rows"][0]["cells"] == ["<5"]
    sunburst = folder / "pathways.svg"
    paths = run_cli("--db", url, "pathways", str(cohort_id), "--svg", str(sunburst), "--json", cwd=folder, env=RESEARCHER)
    assert paths.returncode == 0 and json.loads(paths.stdout)["sequences"][0]["persons"] == "<5" and sunburst.exists()
    rates = run_cli(
        "--db",
        url,
        "incidence",
        str(cohort_id),
        "--from",
        "2018",
        "--to",
        "2019",
        "--standard",
        "china_2000",
        "--json",
        cwd=folder,
        env=RESEARCHER,
    )
    assert [y["year"] for y in json.loads(rates.stdout)["years"]] == [2018, 2019]
    refused = run_cli("--db", url, "export", str(cohort_id), "--out", str(folder / "export"), cwd=folder, env=RESEARCHER)
    assert refused.returncode == 1 and "export refused: k-anonymity" in refused.stderr
    assert not (folder / "export").exists()
    not_allowed = run_cli("--db", url, "export", str(cohort_id), "--out", str(folder / "export"), cwd=folder)
    assert not_allowed.returncode == 2 and "export.run" in not_allowed.stderr

    denied = run_cli("--db", url, "cohort", "create", str(DATA / "egfr_advanced_adeno.yaml"), cwd=folder)
    assert denied.returncode == 2 and "cohort.manage" in denied.stderr
    deleted = run_cli("--db", url, "cohort", "delete", str(cohort_id), "--json", cwd=folder, env=RESEARCHER)
    assert json.loads(deleted.stdout) == {"cohort_id": cohort_id, "deleted_members": 2}
    log = json.loads(run_cli("--db", url, "audit", "show", "--json", cwd=folder).stdout)["records"]
    actions = [(r["action"], r["outcome"]) for r in log if r["action"] in ("cohort create", "survival", "export")]
    assert ("cohort create", "ok") in actions and ("cohort create", "denied") in actions and ("survival", "ok") in actions
    assert ("export", "failed:1") in actions and ("export", "denied") in actions
