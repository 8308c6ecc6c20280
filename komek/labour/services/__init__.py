"""Every write of the labour context: the register of enterprises, the monitoring of the labour
market, labour relations and the import of monthly surveys."""

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

__all__ = [
    "SurveyImportRefused",
    "accident_record",
    "agreement_register",
    "arrear_record",
    "enterprise_register",
    "fine_execute",
    "inspection_record",
    "memorandum_record",
    "repayment_record",
    "road_map_record",
    "survey_record",
    "surveys_import",
]
