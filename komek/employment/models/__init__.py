"""Models of the employment centre, one module per part of its work."""

from komek.employment.models.contracts import ActivationItem, Sanction, SocialContract
from komek.employment.models.creation import (
    AgencyReport,
    ExchangeApplicant,
    ExchangeEmployer,
    ExchangeVacancy,
    JobCreation,
    JobPlan,
    PrivateAgency,
    RoadMapHire,
    RoadMapJobs,
    RoadMapProject,
)
from komek.employment.models.employers import Agreement, Employer, Occupation, Vacancy, VacancyEvent
from komek.employment.models.jobseekers import Jobseeker, JobseekerProfession, Referral
from komek.employment.models.measures import (
    AnnualPlan,
    Course,
    JobFair,
    JobFairEmployer,
    Participation,
    TrainingProvider,
)
from komek.employment.models.microfinance import (
    MicrocreditDecisionRecord,
    MicrocreditReferral,
    MicrofinanceOrganisation,
)
from komek.employment.models.programme import (
    Contest,
    ContestEntry,
    Involvement,
    Nomination,
    StatusCase,
    TipoEnrolment,
    TipoEvent,
    TipoPlan,
    YouthParticipation,
)
from komek.employment.models.training import ListedCentre, ListedProfession, TrainingList

__all__ = [
    "MicrocreditDecisionRecord",
    "MicrocreditReferral",
    "MicrofinanceOrganisation",
    "Contest",
    "ListedCentre",
    "ListedProfession",
    "TrainingList",
    "ContestEntry",
    "Involvement",
    "Nomination",
    "StatusCase",
    "TipoEnrolment",
    "TipoEvent",
    "TipoPlan",
    "YouthParticipation",
    "AgencyReport",
    "ExchangeApplicant",
    "ExchangeEmployer",
    "ExchangeVacancy",
    "JobCreation",
    "JobPlan",
    "PrivateAgency",
    "RoadMapHire",
    "RoadMapJobs",
    "RoadMapProject",
    "ActivationItem",
    "Agreement",
    "AnnualPlan",
    "Course",
    "Employer",
    "JobFair",
    "JobFairEmployer",
    "Jobseeker",
    "JobseekerProfession",
    "Occupation",
    "Participation",
    "Referral",
    "Sanction",
    "SocialContract",
    "TrainingProvider",
    "Vacancy",
    "VacancyEvent",
]
