"""Forms of the employment centre's pages; field names match the services' keyword arguments.

Parsing only: every rule is checked by the services.
"""

from komek.employment.forms.contracts import (
    ContractForm,
    FulfilmentForm,
    ObligationForm,
    ObligationFormSet,
    RefusalForm,
)
from komek.employment.forms.employers import AgreementForm, EmployerForm, VacancyForm, VacancyImportForm
from komek.employment.forms.jobseekers import JobseekerForm, ReferralOutcomeForm
from komek.employment.forms.measures import MeasureCompleteForm, MeasureForm, PlanForm, YearForm

__all__ = [
    "JobseekerForm",
    "ReferralOutcomeForm",
    "AgreementForm",
    "EmployerForm",
    "VacancyForm",
    "VacancyImportForm",
    "MeasureCompleteForm",
    "MeasureForm",
    "PlanForm",
    "YearForm",
    "ContractForm",
    "FulfilmentForm",
    "ObligationForm",
    "ObligationFormSet",
    "RefusalForm",
]
