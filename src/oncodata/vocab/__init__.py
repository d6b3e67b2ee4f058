"""Standard vocabularies for OncoData: the bundled oncology vocabulary, Athena import, source-to-concept mapping, units.

Modules
-------
- `bundle`: loads data/*.csv (OMOP vocabulary table shapes) into the vocab schema on `oncodata init`, plus the
  shipped mappings (data/shipped_mappings.csv) into SOURCE_TO_CONCEPT_MAP.
- `athena`: `oncodata vocab import DIR` — an official Athena download replaces or extends the bundle.
- `normalize`, `matcher`, `resolve`: the mapping engine; `resolve_source_concepts(store)` rewrites
  `staging.concept_resolution` for the CDM build (join on domain + source_vocabulary/source_code/source_text with
  IS NOT DISTINCT FROM). Method precedence: approved > maps_to > shipped > exact > synonym > fuzzy > unmapped.
- `review`: the Usagi-style review file (`map suggest`, `map approve`) and `map coverage`.
- `units`: one UCUM unit per measurement concept, exact conversions from data/unit_conversions.csv.

Which concept ids are real
--------------------------
CONCEPT.csv has an `id_origin` column (not loaded into the CDM table):

- ``reference``: the id is stated in a file of ../shared/reference — the Oncology WG deltaConcept.csv (stage,
  grade and answer concepts), the DQD concept-level file (routine lab LOINC concepts such as 3000963 haemoglobin,
  condition concepts such as 443388 malignant tumour of lung, units 8749/8840/8751/8753/9444), naaccr_treatments.csv
  (4273629 chemotherapy, 4295112 immunological therapy, 4061650 hormone therapy) and stage_genomic.csv (variant
  ids matched by genomic position: 35981547 EGFR L858R, 35981541 EGFR T790M, 35977710 KRAS G12C, 35981340 BRAF
  V600E; their concept codes here are our HGVS rendering).
- ``core``: widely documented OMOP ids — gender 8507/8532, race 8515, ethnicity 38003564, visits 9201/9202/9203/262,
  type concepts 32817/32818/32838/32856/32879, episode concepts and types of cdm/oncology.py
  (32528–32533, 32677, 32545/32546), field concepts 1147127/1147094, Positive 9191/Negative 9189, units
  8554/8582/8588/8576/8587/8842/8713/8636/8645, and 0 (no matching concept).
- ``local``: every other concept, with an id from 2,000,000,001 upwards and its true vocabulary_id and concept_code
  (ICD10, ICD10CN, ICDO3, SNOMED, LOINC, RxNorm, ATC, HGNC, UCUM, Cancer Modifier with the Oncology WG code
  pattern such as ``p-8th_AJCC/UICC-T2a``), so an Athena import replaces it by vocabulary_id + concept_code and
  re-points approved mappings. Where the true code is not certain the concept is in the ``OncoData`` vocabulary
  (e.g. drugs approved only in China, some tumour markers, metastasis-site modifiers) and stays local after import.
  China-only EGFR/ALK inhibitors and PD-1 antibodies without a WHO ATC code (icotinib, almonertinib, furmonertinib,
  ensartinib, camrelizumab, sintilimab, tislelizumab, serplulimab) are placed under their ATC 4th-level class
  (L01EB, L01ED, L01FF) by mechanism, a local assertion, so drug classes and lines of therapy see them.
"""

from __future__ import annotations
