"""Synthetic Chinese tertiary-hospital lung cancer sources with ground truth (`oncodata synth`).

Output folder layout
--------------------
``oncodata synth --patients N --out DIR [--seed S] [--locale zh|en] [--dirty RATE]`` writes one file per source
system. Headers are Chinese for ``zh`` and English for ``en``; the stable column keys (first name below, in order)
are defined with both headers in ``synth/data/sources.yaml``. Rows are "data records": row 1 is the first record
after the header (CSV free text may span several physical lines inside quotes).

=============================  ==================  =========================================================
file                           encoding (zh / en)  columns (key: 中文表头)
=============================  ==================  =========================================================
his_patient_master.csv         GBK, CRLF / UTF-8   mrn 病案号, name 姓名, sex 性别, birth_date 出生日期, id_number 身份证号,
                                                   phone 联系电话, address 现住址, ethnicity 民族, insurance 医保类型,
                                                   outpatient_no 门诊号, inpatient_no 住院号, contact_name 联系人姓名,
                                                   contact_phone 联系人电话, smoking_status 吸烟史, pack_years 吸烟包年,
                                                   registered_at 建档日期
his_visits.csv                 UTF-8 BOM / UTF-8   visit_id 就诊流水号, mrn, visit_type 就诊类型(门诊/住院), inpatient_no,
                                                   admission_count 住院次数, department 科室, visit_start 入院/就诊时间,
                                                   visit_end 出院时间, attending 主治医师
emr_diagnoses.csv              UTF-8               visit_id, mrn, diagnosis_kind 诊断类别(主要诊断/其他诊断), icd10_code 诊断编码
                                                   (国家临床版 e.g. C34.100x001), diagnosis_name 诊断名称,
                                                   morphology_code 病理诊断编码 (M8140/3), diagnosis_date 诊断日期
pathology_reports.csv          UTF-8               pathology_no 病理号, mrn, name, report_kind 报告类型
                                                   (活检病理/手术病理/分子病理),
                                                   specimen 标本名称, received_at 送检日期, reported_at 报告日期,
                                                   report_text 报告内容 (multi-line), pathologist 报告医师
ris_imaging_reports.csv        UTF-8               accession_no 检查号, mrn, name, modality 检查类型(CT/PET-CT/MRI/ECT),
                                                   exam_name 检查项目, exam_date 检查日期, findings 检查所见,
                                                   impression 诊断意见, radiologist 报告医师
lis_lab_results.csv            GBK, CRLF / UTF-8   specimen_barcode 条码号, mrn, visit_id, collected_at 采样时间,
                                                   instrument 检验仪器,
                                                   item_code 项目代码, item_name 项目名称 (local, per instrument), result 结果,
                                                   unit 单位 (mixed: ng/mL vs μg/L, μmol/L vs mg/dL, g/L vs g/dL…),
                                                   reference_range 参考范围, flag 异常标识(↑/↓)
his_medication_orders.csv      UTF-8               order_id 医嘱号, mrn, visit_id, order_start 医嘱开始时间,
                                                   drug_generic 药品通用名,
                                                   drug_brand 商品名, dose 单次剂量, dose_unit 剂量单位, route 给药途径,
                                                   frequency 频次, days 用药天数, note 备注 (e.g. C2D1), prescriber 开立医师
surgery_records.csv            UTF-8               surgery_id 手术编号, mrn, inpatient_no, surgery_date 手术日期,
                                                   procedure_code 手术编码 (ICD-9-CM-3 clinical edition), procedure_name 手术名称,
                                                   anesthesia 麻醉方式, blood_loss_ml 出血量(ml), surgeon 主刀医师
radiotherapy_courses.csv       GBK, CRLF / UTF-8   course_id 疗程号, mrn, start_date 开始日期, end_date 结束日期, target 照射部位,
                                                   technique 放疗技术, total_dose_gy 总剂量(Gy), fractions 分次数,
                                                   dose_per_fraction_gy 单次剂量(Gy), intent 治疗目的
followup_registry.xlsx         Excel, sheet        mrn, name, phone 联系电话, followup_date 随访日期 (Excel date or text),
                               随访记录/Follow-up  method 随访方式, status 随访结果(存活/死亡/失访), death_date 死亡日期,
                                                   death_cause 死亡原因, followed_by 随访人
=============================  ==================  =========================================================

Dates are mixed per file: ISO ``2021-03-05``, ``2021/3/5 08:30:12``, ``20210305``, ``2021年3月5日``, ``2021.03.05``.

``DIR/truth/`` (never read by the pipeline): ``patients.jsonl`` (one object per patient: person_key = MRN,
diagnosis_date, histology_code ICD-O-3, t/n/m/tnm_prefix/stage_group AJCC 8th, biomarkers as stated in reports,
treatments with setting and line_of_therapy — 0 for adjuvant/definitive/consolidation, 1.. for lines in advanced
disease, maintenance keeps its line —, progression_dates, vital_status, death_date, censor_date = last date known
alive), ``reports.jsonl`` (per report: report_id, file, row and the facts it states, null when not stated),
``identifiers.csv`` (person_key, kind, value, file, field, row_first, row_last: every planted identifier,
consecutive rows merged), ``defects.csv`` (file, row, field, defect, detail, person_key) and ``manifest.json``.
"""

from __future__ import annotations

from oncodata.synth.generator import SynthOptions, SynthSummary, generate_hospital

__all__ = ["SynthOptions", "SynthSummary", "generate_hospital"]
