"""Django's PostgreSQL backend, with two differences, both for the tables partitioned by region
(``komek.common.partitions``).

- **Grouping.** Django groups a query with aggregates by the primary key alone of each model it
  selects, which PostgreSQL accepts when the other columns depend on that key. A partitioned
  table has the partition key in its primary key, ``(id, kato_code)``, so its other columns no
  longer depend on ``id`` alone: such a model is grouped by every column selected (ADR 0070).
- **Foreign keys checked on generic plans.** PostgreSQL checks a row's foreign key with a prepared
  query on the referenced table. With the plan cache's default, a query on a partitioned table
  looks cheaper planned for each row's values (one partition) than planned once, so it is planned
  again for every row: checking 100,000 keys to the partitioned persons took 6.4 s, 1.6 s on the
  plan made once, which prunes to the row's partition when it runs. Every connection asks for the
  plan made once (``plan_cache_mode``, ADR 0071). Komek sends no prepared statement of its own
  (Django binds parameters on the client), so only the database's own prepared queries (the keys'
  checks, the triggers' queries, which take no parameter) are concerned.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base, features

from komek.common.partitions import TABLES

#: The session settings every connection starts with (libpq's ``options``).
SESSION = "-c plan_cache_mode=force_generic_plan"


class DatabaseFeatures(features.DatabaseFeatures):
    def allows_group_by_selected_pks_on_model(self, model: Any) -> bool:
        return model._meta.db_table not in TABLES and super().allows_group_by_selected_pks_on_model(model)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        params["options"] = f"{params['options']} {SESSION}" if params.get("options") else SESSION
        return params
