"""Background jobs: long work (a month's payroll, the annual report's export, imports) run by a
Celery worker, with progress, a time-left estimate and cooperative cancellation.

Contexts declare their kinds of job in the :mod:`komek.jobs.registry` from their ``AppConfig.ready``;
this app knows none of them (it sits just above accounts in the layers).
"""
