from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CategoryPaymentsConfig(AppConfig):
    name = "komek.category_payments"
    label = "category_payments"
    verbose_name = _("Category payments")

    def ready(self) -> None:
        from komek.category_payments.report import SECTIONS  # the annual report's sections of this context
        from komek.common import annual

        annual.register(*SECTIONS)

        from komek.category_payments.card import PANELS  # the panels of the person's and family's card
        from komek.common import card

        card.register(*PANELS)
