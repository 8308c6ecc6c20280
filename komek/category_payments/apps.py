from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CategoryPaymentsConfig(AppConfig):
    name = "komek.category_payments"
    label = "category_payments"
    verbose_name = _("Category payments")
