"""The rules pages: programmes in force, parameters, council decisions, a family's entitlements and
the simulation of a reform. Thin: parse, call one service or selector, render."""
