"""The synthetic population of the demo town and of load tests (``komek demo-data``)."""
