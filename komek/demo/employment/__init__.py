"""The employment centre of the demo town (Balkhash) over a year, modelled on its 2018 report.

The figures follow the report's employment section: about 2,486 people applied for labour
mediation and about 2,044 of them were employed; public works, social jobs, youth practice,
short-term courses at four colleges and the driving school of "Kaskad", entrepreneurship training,
microcredits and grants, five job fairs, nine social contracts, and an annual plan of 2,520 people
captured by measures. Counts are drawn with a fixed seed from the persons the registry holds, so
a run is repeatable; a second run finds the demo employers and does nothing.

This is generated reference data, written in bulk without per-row audit records (as the
registry's demo generator does).
"""

from komek.demo.employment.centre import demo_employment
from komek.demo.employment.town import DemoResult

__all__ = ["DemoResult", "demo_employment"]
