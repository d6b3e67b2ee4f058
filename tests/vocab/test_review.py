"""The review loop: suggest lists what is unmapped, approve loads decisions, coverage rises, decisions survive imports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from oncodata.errors import BadInputError
from oncodata.store.base import Store
from oncodata.vocab.athena import import_athena
from oncodata.vocab.review import approve_review_file, mapping_coverage, suggest_review_rows, write_review_file
from tests.vocab.staging_rows import stage

ATHENA_FIXTURE = Path(__file__).resolve().parents[1] / "data" / "vocab" / "athena"


def _concept_id(store: Store, vocabulary: str, code: str) -> int:
    return int(
        store.scalar(
            "SELECT concept_id FROM vocab.concept WHERE vocabulary_id = $v AND concept_code = $c", {"v": vocabulary, "c": code}
        )
    )


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _target(store: Store, domain: str, text: str) -> tuple[str, int]:
    return tuple(
        store.query(
            "SELECT method, target_concept_id FROM staging.concept_resolution WHERE domain = $d AND source_text = $t",
            {"d": domain, "t": text},
        )[0]
    )


def test_suggest_approve_round_trip_survives_a_vocabulary_update(vocab_store: Store, tmp_path: Path):
    store = vocab_store
    stage(store, "measurement", [(None, None, "CEA外院")] * 3 + [(None, None, "血沉")] * 2 + [(None, None, "尿隐血")])
    stage(store, "drug", [(None, None, "注射用培美曲塞二钠"), (None, None, "某某中药颗粒")])
    before = mapping_coverage(store)["domains"]
    assert before["measurement"]["records"] == 6 and before["drug"]["records_mapped"] == 1

    review = tmp_path / "review.csv"
    assert write_review_file(suggest_review_rows(store), review) == 4
    rows = _read(review)
    assert rows[0]["source_text"] == "CEA外院"  # most frequent first
    assert rows[0]["frequency"] == "3" and rows[0]["decision"] == ""
    local_cea = _concept_id(store, "LOINC", "2039-6")
    assert rows[0]["candidate_1_concept_id"] == str(local_cea)
    decisions = {"CEA外院": ("approve", ""), "血沉": ("reject", ""), "尿隐血": ("ignore", ""), "某某中药颗粒": ("", "")}
    for row in rows:
        row["decision"], row["approved_concept_id"] = decisions[row["source_text"]]
    _write(review, rows)

    result = approve_review_file(store, review, "reviewer")
    assert (result.approved, result.rejected, result.ignored, result.undecided) == (1, 1, 1, 1)
    after = mapping_coverage(store)["domains"]
    assert after["measurement"]["records_mapped"] == before["measurement"]["records_mapped"] + 3
    assert _target(store, "measurement", "CEA外院") == ("approved", local_cea)
    assert [row["source_text"] for row in suggest_review_rows(store)] == ["某某中药颗粒"]

    # Athena now provides LOINC 2039-6: the approved mapping follows the concept to its Athena id.
    import_athena(store, ATHENA_FIXTURE)
    assert store.scalar("SELECT count(*) FROM vocab.concept WHERE concept_id = $id", {"id": local_cea}) == 0
    mapping_coverage(store)
    assert _target(store, "measurement", "CEA外院") == ("approved", 90000001)
    # Approving the old file again (it names the replaced local id) keeps the decision.
    assert approve_review_file(store, review, "reviewer").approved == 1
    mapping_coverage(store)
    assert _target(store, "measurement", "CEA外院") == ("approved", 90000001)
    assert (
        store.scalar(
            "SELECT count(*) FROM vocab.source_to_concept_map WHERE source_vocabulary_id = 'ONCODATA_MEASUREMENT' "
            "AND target_concept_id = 90000001 AND source_code = 'CEA外院'"
        )
        == 1
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"decision": "yes"}, "row 2 field decision: 'yes' is not one of approve, reject, ignore"),
        ({"decision": "approve", "approved_concept_id": "abc"}, "row 2 field approved_concept_id: 'abc' is not a concept id"),
        (
            {"decision": "approve", "approved_concept_id": "1999999999"},
            "row 2 field approved_concept_id: concept 1999999999 is not in",
        ),
        ({"decision": "approve", "domain": "labs"}, "row 2 field domain: 'labs' is not one of"),
        ({"decision": "approve", "approved_concept_id": "ICD10"}, "row 2 field approved_concept_id: concept"),
    ],
)
def test_bad_review_rows_name_file_row_and_field(vocab_store: Store, tmp_path: Path, edit: dict[str, str], message: str):
    stage(vocab_store, "measurement", [(None, None, "血沉")])
    review = tmp_path / "review.csv"
    write_review_file(suggest_review_rows(vocab_store, "measurement"), review)
    rows = _read(review)
    if edit.get("approved_concept_id") == "ICD10":  # a real but non-standard concept
        edit = {**edit, "approved_concept_id": str(_concept_id(vocab_store, "ICD10", "C34.1"))}
        message += f" {edit['approved_concept_id']} is not a valid standard concept"
    rows[0].update(edit)
    _write(review, rows)
    with pytest.raises(BadInputError) as raised:
        approve_review_file(vocab_store, review, "reviewer")
    assert str(raised.value).startswith(f"{review} {message}")
    assert vocab_store.scalar("SELECT count(*) FROM admin.mapping_review WHERE origin = 'review'") == 0


def test_unknown_domain_is_refused(vocab_store: Store):
    with pytest.raises(BadInputError, match="unknown domain 'labs'"):
        suggest_review_rows(vocab_store, "labs")
