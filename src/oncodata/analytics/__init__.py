"""Analysis and application: cohorts (definition → SQL, attrition), Table 1, pathways, survival, incidence, exports.

The functions the CLI (and the demo) call:
- `definition.load_definition(path)` / `definition.parse_definition(mapping)` → CohortDefinition
- `cohort.create_cohort(store, definition, created_by)` → CohortSummary (cohort_id, persons, attrition)
- `characterize.characterize(store, [cohort_id, …])` → Table1
- `pathways.pathways(store, cohort_id)` → PathwayResult
- `survival.survival_analysis(store, cohort_id, endpoint, by, covariates)` → SurvivalResult
- `incidence.incidence(store, cohort_id, start_year, end_year, standard)` → IncidenceResult
- `export.export_cohort(store, cohort_id, out_dir, fmt, exported_by=…)` → ExportResult
- `report.*_html(result)` → self-contained HTML fragments with inline PNG figures
"""
