"""The tumour at diagnosis: site, histology, size, AJCC 8th TNM and stage group, grade, nodes and biomarkers."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from oncodata.synth.catalog import Catalog
from oncodata.synth.sampling import weighted_choice

T_CATEGORIES = ("T1a", "T1b", "T1c", "T2a", "T2b", "T3", "T4")
N_CATEGORIES = ("N0", "N1", "N2", "N3")
# Largest dimension (mm) ranges implied by each size-defined T category (AJCC 8th, lung).
T_SIZE_RANGE_MM = {
    "T1a": (5, 10),
    "T1b": (11, 20),
    "T1c": (21, 30),
    "T2a": (31, 40),
    "T2b": (41, 50),
    "T3": (51, 70),
    "T4": (71, 98),
}
# Stage mix of newly diagnosed NSCLC at a Chinese tertiary centre with screening (percent).
NSCLC_STAGE_WEIGHTS = {
    "IA1": 7, "IA2": 12, "IA3": 10, "IB": 8, "IIA": 3, "IIB": 6, "IIIA": 10, "IIIB": 6, "IIIC": 3, "IVA": 17, "IVB": 18,
}  # fmt: skip
SCLC_STAGE_WEIGHTS = {"IA3": 1, "IB": 2, "IIB": 4, "IIIA": 10, "IIIB": 10, "IIIC": 6, "IVA": 17, "IVB": 50}
N1_STATIONS = ("10", "11", "12")
N2_STATIONS_RIGHT = ("2R", "4R", "7", "8", "9")
N2_STATIONS_LEFT = ("4L", "5", "6", "7", "8", "9")
DISTANT_SITES = ("brain", "bone", "liver", "adrenal")
EGFR_ALTERATIONS = {"exon 19 deletion": 45, "L858R": 40, "exon 20 insertion": 5, "G719X": 5, "L861Q": 3, "T790M": 2}
OTHER_DRIVERS = {"ALK": 0.09, "ROS1": 0.035, "KRAS": 0.17, "BRAF": 0.03, "MET": 0.03, "RET": 0.025}
DRIVER_ALTERATION = {
    "ALK": ("fusion", "EML4-"),
    "ROS1": ("fusion", "CD74-"),
    "RET": ("fusion", "KIF5B-"),
    "BRAF": ("V600E", ""),
    "MET": ("exon 14 skipping", ""),
}
KRAS_ALTERATIONS = {"G12C": 35, "G12D": 20, "G12V": 25, "G13D": 5, "Q61H": 5}
PDL1_CLONES = {"22C3": 60, "SP263": 25, "28-8": 8, "E1L3N": 7}


def stage_group(t: str, n: str, m: str) -> str:
    """AJCC 8th edition lung stage group from T, N and M categories.

    >>> stage_group("T2a", "N1", "M0"), stage_group("T1b", "N0", "M0"), stage_group("T3", "N2", "M0")
    ('IIB', 'IA2', 'IIIB')
    """
    if m == "M1c":
        return "IVB"
    if m in ("M1a", "M1b"):
        return "IVA"
    t_main = t[:2]
    if n == "N3":
        return "IIIB" if t_main in ("T1", "T2") else "IIIC"
    if n == "N2":
        return "IIIA" if t_main in ("T1", "T2") else "IIIB"
    if n == "N1":
        return "IIB" if t_main in ("T1", "T2") else "IIIA"
    return {"T1a": "IA1", "T1b": "IA2", "T1c": "IA3", "T2a": "IB", "T2b": "IIA", "T3": "IIB", "T4": "IIIA"}[t]


_COMBOS: dict[str, list[tuple[str, str, str]]] = {}
for _t in T_CATEGORIES:
    for _n in N_CATEGORIES:
        for _m in ("M0", "M1a", "M1b", "M1c"):
            _COMBOS.setdefault(stage_group(_t, _n, _m), []).append((_t, _n, _m))


@dataclass(frozen=True)
class Biomarker:
    """One biomarker result as the truth records it (value: PD-L1 TPS or Ki-67 percent; none for `<1%`)."""

    gene: str
    alteration: str | None
    result: str  # positive / negative
    value: float | None = None
    method: str | None = None  # clone for PD-L1/ALK IHC, assay for genes

    def as_dict(self) -> dict[str, object]:
        return {"gene": self.gene, "alteration": self.alteration, "result": self.result, "value": self.value}


@dataclass
class Tumor:
    """The primary lung tumour and its staging at diagnosis."""

    laterality: str  # R / L
    lobe: str  # upper / middle / lower
    histology_code: str
    histology_group: str
    histology_zh: str
    histology_en: str
    grade: str | None  # G1-G3 for adenocarcinoma and squamous
    size_mm: int
    t: str
    n: str
    m: str
    stage: str
    metastasis_sites: list[str]
    driver: str | None  # e.g. "EGFR", "ALK", None
    driver_alteration: str | None
    fusion_partner: str
    egfr_tested: bool
    pdl1_tps: float | None
    pdl1_clone: str
    ki67: int
    ihc: dict[str, bool] = field(default_factory=dict)
    visceral_pleural_invasion: bool = False
    lymphovascular_invasion: bool = False

    @property
    def site_key(self) -> str:
        return f"{self.laterality}:{self.lobe}"

    @property
    def is_small_cell(self) -> bool:
        return self.histology_group == "small_cell"

    @property
    def is_metastatic(self) -> bool:
        return self.m.startswith("M1")

    def biomarkers(self) -> list[Biomarker]:
        """The driver panel results (genes tested) plus PD-L1 when tested."""
        results: list[Biomarker] = []
        if self.egfr_tested:
            for gene in ("EGFR", "ALK", "ROS1", "KRAS", "BRAF", "MET", "RET"):
                if gene == self.driver:
                    results.append(Biomarker(gene, self.driver_alteration, "positive"))
                else:
                    results.append(Biomarker(gene, None, "negative"))
        if self.pdl1_tps is not None:
            results.append(
                Biomarker("PD-L1", None, "positive" if self.pdl1_tps >= 1 else "negative", self.pdl1_tps, self.pdl1_clone)
            )
        return results


def _pick_histology(rng: random.Random, catalog: Catalog, is_male: bool, smoker: bool) -> dict[str, object]:
    histology = catalog.histology
    multiplier = histology["group_multiplier_smoker" if smoker else "group_multiplier_never"]
    types = histology["types"]
    weights = [t["weight"] * multiplier[t["group"]] * (1.0 if is_male or t["group"] != "adeno" else 1.2) for t in types]
    return weighted_choice(rng, types, weights)


def _egfr_positive_probability(is_male: bool, smoker: bool) -> float:
    # Chinese adenocarcinoma: ~50-60% in never-smoking women, ~30% in male smokers (PIONEER study), ~45-50% overall.
    if not smoker:
        return 0.58 if not is_male else 0.52
    return 0.33


def make_tumor(rng: random.Random, catalog: Catalog, is_male: bool, smoker: bool) -> Tumor:
    """Draw a tumour: histology by sex/smoking, stage from the centre's mix, TNM consistent with stage and size."""
    histology = _pick_histology(rng, catalog, is_male, smoker)
    group = str(histology["group"])
    stage_weights = SCLC_STAGE_WEIGHTS if group == "small_cell" else NSCLC_STAGE_WEIGHTS
    target_stage = weighted_choice(rng, list(stage_weights), list(stage_weights.values()))
    t, n, m = rng.choice(_COMBOS[target_stage])
    low, high = T_SIZE_RANGE_MM[t]
    size_mm = rng.randint(low, high)
    site_key = weighted_choice(rng, list(catalog.diagnoses["lobe_weights"]), list(catalog.diagnoses["lobe_weights"].values()))
    laterality, lobe = site_key.split(":")
    metastasis_sites: list[str] = []
    if m == "M1a":
        metastasis_sites = [rng.choice(("pleura", "contralateral_lung"))]
    elif m == "M1b":
        metastasis_sites = [weighted_choice(rng, DISTANT_SITES, (30, 40, 15, 15))]
    elif m == "M1c":
        k = rng.choice((2, 2, 3))
        metastasis_sites = rng.sample(DISTANT_SITES, k=k)
    driver: str | None = None
    driver_alteration: str | None = None
    partner = ""
    egfr_tested = (group in ("adeno", "other_nsclc") and rng.random() < 0.95) or (group == "squamous" and rng.random() < 0.3)
    if egfr_tested:
        egfr_rate = _egfr_positive_probability(is_male, smoker) if group in ("adeno", "other_nsclc") else 0.04
        if rng.random() < egfr_rate:
            driver = "EGFR"
            driver_alteration = weighted_choice(rng, list(EGFR_ALTERATIONS), list(EGFR_ALTERATIONS.values()))
        elif group != "squamous":
            roll = rng.random()
            for gene, share in OTHER_DRIVERS.items():
                if roll < share:
                    driver = gene
                    break
                roll -= share
            if driver == "KRAS":
                driver_alteration = weighted_choice(rng, list(KRAS_ALTERATIONS), list(KRAS_ALTERATIONS.values()))
            elif driver is not None:
                driver_alteration, partner = DRIVER_ALTERATION[driver]
    pdl1_tps: float | None = None
    if group != "small_cell" and rng.random() < 0.75:
        bucket = rng.random()
        pdl1_tps = (
            0.0
            if bucket < 0.38
            else float(rng.choice((1, 2, 5, 10, 15, 20, 30, 40)))
            if bucket < 0.73
            else float(rng.choice((50, 60, 70, 75, 80, 90, 95)))
        )
    ki67_center = {"small_cell": 80, "squamous": 45, "large_cell": 60}.get(group, 25)
    ki67 = int(min(95, max(1, round(rng.gauss(ki67_center, 12) / 5) * 5)))
    ihc = {marker: rng.random() < p for marker, p in catalog.histology["ihc"][group].items()}
    grade = None
    if group in ("adeno", "squamous"):
        grade = (
            "G3" if "实体" in str(histology["zh"]) or "微乳头" in str(histology["zh"]) else rng.choice(("G1", "G2", "G2", "G3"))
        )
    return Tumor(
        laterality=laterality,
        lobe=lobe,
        histology_code=str(histology["code"]),
        histology_group=group,
        histology_zh=str(histology["zh"]),
        histology_en=str(histology["en"]),
        grade=grade,
        size_mm=size_mm,
        t=t,
        n=n,
        m=m,
        stage=stage_group(t, n, m),
        metastasis_sites=metastasis_sites,
        driver=driver,
        driver_alteration=driver_alteration,
        fusion_partner=partner,
        egfr_tested=egfr_tested,
        pdl1_tps=pdl1_tps,
        pdl1_clone=weighted_choice(rng, list(PDL1_CLONES), list(PDL1_CLONES.values())),
        ki67=ki67,
        ihc=ihc,
        visceral_pleural_invasion=t in ("T2a", "T2b") and rng.random() < 0.35,
        lymphovascular_invasion=n != "N0" and rng.random() < 0.4,
    )


def node_stations(rng: random.Random, tumor: Tumor) -> list[tuple[str, int, int]]:
    """Resected lymph node stations as (station, positive, examined), consistent with the N category."""
    n2_pool = N2_STATIONS_RIGHT if tumor.laterality == "R" else N2_STATIONS_LEFT
    chosen_n2 = sorted(rng.sample(n2_pool, k=rng.randint(3, len(n2_pool))), key=_station_order)
    stations = [(s, 0, rng.randint(1, 6)) for s in chosen_n2] + [(s, 0, rng.randint(1, 4)) for s in N1_STATIONS]
    stations.sort(key=lambda item: _station_order(item[0]))
    if tumor.n in ("N1", "N2"):
        target_pool = N1_STATIONS if tumor.n == "N1" else tuple(chosen_n2)
        for _ in range(rng.randint(1, 3)):
            station = rng.choice(target_pool)
            for i, (name, positive, examined) in enumerate(stations):
                if name == station and positive < examined:
                    stations[i] = (name, positive + 1, examined)
    return stations


def _station_order(station: str) -> int:
    return int("".join(ch for ch in station if ch.isdigit()))
