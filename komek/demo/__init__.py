"""The demo town: every context's demonstration data, in one package behind one guard.

Nothing here runs on a production installation: every entry point (the ``komek demo*`` commands)
goes through :func:`komek.demo.guard.require_demo`, which refuses unless the installation is a
demo (``KOMEK_DEMO=1``) or a developer's (``KOMEK_DEBUG=1``), and never when ``KOMEK_ENV=production``.
The data is made through the contexts' own services, as the system actor ``system:demo``.
"""
