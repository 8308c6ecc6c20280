"""Every write of the labour context: the register of enterprises, the monitoring of the labour
market, labour relations, the import of monthly surveys and the figures other state bodies publish
(the labour force, the single aggregate payment)."""

from komek.labour.services.enterprises import (
    enterprise_register,
    memorandum_record,
    road_map_record,
    survey_record,
)
from komek.labour.services.imports import SurveyImportRefused, surveys_import
from komek.labour.services.relations import (
    accident_record,
    agreement_register,
    arrear_record,
    fine_execute,
    inspection_record,
    repayment_record,
)
from komek.labour.services.statistics import (
    StatisticsImportRefused,
    esp_record,
    labour_force_record,
    statistics_import,
)

__all__ = [
    "StatisticsImportRefused",
    "SurveyImportRefused",
    "accident_record",
    "agreement_register",
    "arrear_record",
    "enterprise_register",
    "esp_record",
    "fine_execute",
    "inspection_record",
    "labour_force_record",
    "memorandum_record",
    "repayment_record",
    "road_map_record",
    "statistics_import",
    "survey_record",
    "surveys_import",
]
