"""Django's PostgreSQL backend, with one difference: a partitioned table's primary key.

Django groups a query with aggregates by the primary key alone of each model it selects, which
PostgreSQL accepts when the other columns depend on that key. A table partitioned by region
(``komek.common.partitions``) has the partition key in its primary key, ``(id, kato_code)``, so
its other columns no longer depend on ``id`` alone: such a model is grouped by every column
selected (ADR 0070)."""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base, features

from komek.common.partitions import TABLES


class DatabaseFeatures(features.DatabaseFeatures):
    def allows_group_by_selected_pks_on_model(self, model: Any) -> bool:
        return model._meta.db_table not in TABLES and super().allows_group_by_selected_pks_on_model(model)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
