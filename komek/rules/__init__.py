"""The rules engine: dated legal parameters, variables over the registry, declarative programmes.

Pure Python and Polars, no Django: the same engine runs inside the web application, the batch
jobs, the command line and the benchmarks. See docs/adr/0005-rules-engine.md.
"""
