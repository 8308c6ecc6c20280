"""A past year of a department made through the services, as its annual report tells it.

``scenario`` reads the year's targets (``balkhash_2018.yaml``: the figures the Balkhash report 2018
prints, each quoted) and plans the year as data: the households, drawn with the population
generator's tools, and the applications with the incomes and receipts that make the rules engine's
amounts add up to the report's. ``registry`` writes the households through the registry's bulk
import, ``walk`` carries the applications through intake, verification, the rules engine, the
commission and the decision, month by month on the year's calendar, and runs and approves each
month's payrolls. Nothing is typed into the records: ``komek report annual`` counts them back.
"""
