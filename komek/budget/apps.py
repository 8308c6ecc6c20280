from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "komek.budget"
    label = "budget"
    verbose_name = _("Budget")

    def ready(self) -> None:
        # Payments may not import the budget (a layer above): the budget adds its check to the
        # approval of every payroll through the extension point payments keeps.
        from komek.budget.guard import payroll_within_allocation
        from komek.payments.guards import register_approval_check

        register_approval_check(payroll_within_allocation)

        from komek.budget.report import SECTIONS  # the annual report's section of this context
        from komek.common import annual

        annual.register(*SECTIONS)
