"""Reference codes of the registry: citizenship, relations, statuses, incomes, documents.

Codes are stable identifiers stored in the database and used by the rules engine; the labels are
translated. The status kinds and their sub-codes form one table so that every status row can be
checked against it (see ``STATUS_SUBTYPES``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Citizenship(models.TextChoices):
    CITIZEN = "citizen", _("Citizen of Kazakhstan")
    KANDAS = "kandas", _("Kandas")
    REFUGEE = "refugee", _("Refugee")
    FOREIGNER = "foreigner", _("Foreigner with a residence permit")
    STATELESS = "stateless", _("Stateless person")


class Relation(models.TextChoices):
    HEAD = "head", _("Head of family")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER = "other", _("Other relative")


class Tenure(models.TextChoices):
    OWNED = "owned", _("Owned")
    RENTED_PRIVATE = "rented_private", _("Rented from a private owner")
    RENTED_STATE = "rented_state", _("Rented state housing")
    DORMITORY = "dormitory", _("Dormitory")
    NONE = "none", _("No housing of its own")


class StatusKind(models.TextChoices):
    DISABILITY = "disability", _("Disability")
    PENSIONER = "pensioner", _("Pensioner")
    STUDENT = "student", _("Student")
    VETERAN = "veteran", _("Veteran")
    LARGE_FAMILY_MOTHER = "large_family_mother", _("Mother of a large family")
    RELEASED_PRISONER = "released_prisoner", _("Released from prison")
    PROBATION = "probation", _("On probation")
    DISPENSARY = "dispensary", _("On dispensary registration")
    JOBSEEKER = "jobseeker", _("Jobseeker (employment centre)")
    UNEMPLOYED = "unemployed", _("Unemployed (employment centre)")
    STATE_ALLOWANCE = "state_allowance", _("Recipient of a state allowance")
    LIVES_ALONE = "lives_alone", _("Lives alone")
    EXCELLENT_STUDENT = "excellent_student", _("Studies with excellent marks")
    HOLIDAY_CATEGORY = "holiday_category", _("On the council's list for holiday payments")
    CIRCUMSTANCE = "circumstance", _("Difficult life situation of the family")


class DisabilityGroup(models.TextChoices):
    GROUP_1 = "group_1", _("Group I")
    GROUP_2 = "group_2", _("Group II")
    GROUP_3 = "group_3", _("Group III")
    CHILD = "child", _("Child with disability")


class DisabilityCause(models.TextChoices):
    GENERAL_ILLNESS = "general_illness", _("General illness")
    FROM_CHILDHOOD = "from_childhood", _("Disabled since childhood")
    WORK_INJURY = "work_injury", _("Work injury or occupational disease")
    MILITARY = "military", _("Military service")
    CHERNOBYL = "chernobyl", _("Chernobyl disaster")
    SEMIPALATINSK = "semipalatinsk", _("Semipalatinsk nuclear test site")
    OTHER = "other", _("Other cause")


class PensionGround(models.TextChoices):
    AGE = "age", _("By age")
    LONG_SERVICE = "long_service", _("For long service")
    DISABILITY = "disability", _("On disability")
    LOSS_OF_BREADWINNER = "loss_of_breadwinner", _("Loss of breadwinner")
    OTHER = "other", _("Other grounds")


class VeteranCategory(models.TextChoices):
    WWII_PARTICIPANT = "wwii_participant", _("Participant of the Great Patriotic War")
    WWII_DISABLED = "wwii_disabled", _("Disabled veteran of the Great Patriotic War")
    EQUATED = "equated", _("Person equated to war participants")
    HOME_FRONT = "home_front", _("Home-front worker")
    AFGHANISTAN = "afghanistan", _("Veteran of the war in Afghanistan")
    CHERNOBYL = "chernobyl", _("Liquidator of the Chernobyl disaster")
    SEMIPALATINSK = "semipalatinsk", _("Victim of the Semipalatinsk nuclear test site")
    WWII_WIDOW = "wwii_widow", _("Widow of a participant or disabled veteran of the Great Patriotic War")
    AFGHANISTAN_FALLEN = "afghanistan_fallen", _("Family of a serviceman killed in Afghanistan")
    DECEMBER_1986 = "december_1986", _("Rehabilitated participant of the events of December 1986")
    BESIEGED_LENINGRAD = "besieged_leningrad", _("Resident of besieged Leningrad (medal and badge)")


class LargeFamilyAward(models.TextChoices):
    ALTYN_ALKA = "altyn_alka", _("Altyn alka pendant")
    KUMIS_ALKA = "kumis_alka", _("Kumis alka pendant")
    MOTHER_HEROINE = "mother_heroine", _("Mother-heroine title")
    NONE = "none", _("No award")


class DispensaryKind(models.TextChoices):
    TUBERCULOSIS = "tuberculosis", _("Tuberculosis")
    ONCOLOGY = "oncology", _("Malignant neoplasm")
    HIV = "hiv", _("HIV")
    RENAL_FAILURE = "renal_failure", _("Chronic renal failure")


class StudentLevel(models.TextChoices):
    SCHOOL = "school", _("School")
    COLLEGE = "college", _("College")
    UNIVERSITY = "university", _("University")
    HOME_SCHOOLED = "home_schooled", _("Schooled at home by an individual curriculum")


class StateAllowance(models.TextChoices):
    AGE = "age", _("Age allowance")
    SPECIAL = "special", _("Special state allowance")


class Circumstance(models.TextChoices):
    """A family's difficult life situation and its causes, recorded on a member it concerns; the
    engine's family circumstances of the same codes (``komek.rules.population.CIRCUMSTANCES``)."""

    DIFFICULT_LIFE_SITUATION = "difficult_life_situation", _("Difficult life situation")
    FIRE_DAMAGE = "fire_damage", _("Damage from a fire")
    NATURAL_DISASTER = "natural_disaster", _("Damage from a natural disaster")
    MEMBER_DIED_IN_DISASTER = "member_died_in_disaster", _("A member died in a fire or natural disaster")
    METERS_INSTALLATION = "meters_installation", _("Installs water or gas meters")
    GAS_CONNECTION = "gas_connection", _("Connects the dwelling to gas")
    HOLIDAY_PAYMENT = "holiday_payment", _("Entitled to a holiday payment")


class NoSubtype(models.TextChoices):
    NONE = "none", _("Not applicable")


STATUS_SUBTYPES: dict[str, type[models.TextChoices]] = {
    StatusKind.DISABILITY: DisabilityGroup,
    StatusKind.PENSIONER: PensionGround,
    StatusKind.STUDENT: StudentLevel,
    StatusKind.VETERAN: VeteranCategory,
    StatusKind.LARGE_FAMILY_MOTHER: LargeFamilyAward,
    StatusKind.RELEASED_PRISONER: NoSubtype,
    StatusKind.PROBATION: NoSubtype,
    StatusKind.DISPENSARY: DispensaryKind,
    StatusKind.JOBSEEKER: NoSubtype,
    StatusKind.UNEMPLOYED: NoSubtype,
    StatusKind.STATE_ALLOWANCE: StateAllowance,
    StatusKind.LIVES_ALONE: NoSubtype,
    StatusKind.EXCELLENT_STUDENT: NoSubtype,
    StatusKind.HOLIDAY_CATEGORY: NoSubtype,
    StatusKind.CIRCUMSTANCE: Circumstance,
}


class IncomeType(models.TextChoices):
    """Counted incomes of targeted social assistance (Law No. 246, DOMAIN.md)."""

    WAGES = "wages", _("Wages")
    SOCIAL_PAYMENTS = "social_payments", _("Pensions and social payments")
    ALIMONY = "alimony", _("Alimony")
    HOUSEHOLD_PLOT = "household_plot", _("Household plot (livestock, garden)")
    BUSINESS = "business", _("Business income")
    PROPERTY = "property", _("Rent or sale of property")
    SECURITIES = "securities", _("Securities")
    GIFTS = "gifts", _("Gifts and inheritance")
    CREDIT = "credit", _("Credit received")
    DEPOSIT_INTEREST = "deposit_interest", _("Deposit interest")
    TRANSFERS = "transfers", _("Transfers")
    WINNINGS = "winnings", _("Winnings")
    EMPLOYMENT_MEASURES = "employment_measures", _("Payments of employment measures")
    OTHER = "other", _("Other income")


class IncomeSource(models.TextChoices):
    DECLARED = "declared", _("Declared by the applicant")
    VERIFIED = "verified", _("Verified from a state database")


class DocumentType(models.TextChoices):
    IDENTITY = "identity", _("Identity document")
    RESIDENCE = "residence", _("Proof of registered residence")
    FAMILY_COMPOSITION = "family_composition", _("Family composition")
    INCOME = "income", _("Income statement")
    DISABILITY = "disability", _("Disability certificate")
    MEDICAL = "medical", _("Medical certificate")
    EDUCATION = "education", _("Education document")
    EMPLOYMENT_RECORD = "employment_record", _("Employment record")
    HOUSING = "housing", _("Housing document")
    APPLICATION = "application", _("Application form")
    OTHER = "other", _("Other document")
