from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "komek.payments"
    label = "payments"
    verbose_name = _("Payroll and bank registries")

    def ready(self) -> None:
        from komek.payments import signals  # a lowered amount already paid books its overpayment

        signals.connect()

        from komek.common import annual
        from komek.payments.report import SECTIONS  # the annual report's sections of this context

        annual.register(*SECTIONS)

        from komek.common import card
        from komek.payments.card import PANELS  # the panels of the person's and family's card

        card.register(*PANELS)

        from komek.jobs import registry
        from komek.payments.jobs import PAYROLL_RUN  # the month's payroll as a background job

        registry.register(PAYROLL_RUN)
