"""The named hook of the job loop: ``chunk_done`` is sent after each chunk's progress is stored and
before the cancel flag is read. Tests connect to it to cancel at chunk N without racing a worker."""

from django.dispatch import Signal

#: sent with ``job`` and ``done`` (the chunks done so far)
chunk_done = Signal()
