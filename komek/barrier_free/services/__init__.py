"""Every write of the barrier-free environment: objects, their passports and adaptation, the plan."""

from komek.barrier_free.services.objects import (
    adaptation_record,
    object_certify,
    object_register,
    plan_set,
)

__all__ = ["adaptation_record", "object_certify", "object_register", "plan_set"]
