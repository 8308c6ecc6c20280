"""The demo town's rehabilitation: IPRs, queues, supply, vouchers, hours (``aids``) and special social
services (``care``)."""

from komek.demo.rehabilitation.aids import DemoResult, demo_rehab

__all__ = ["DemoResult", "demo_rehab"]
