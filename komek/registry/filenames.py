"""The name a downloaded document is saved under: the uploader's name, with the extension of what
the file really is (its first bytes were sniffed when it was attached)."""

from __future__ import annotations

from pathlib import PurePosixPath

# Extensions that name each stored kind; the first is the one a wrong name is given.
EXTENSIONS = {".pdf": (".pdf",), ".jpg": (".jpg", ".jpeg", ".jpe"), ".png": (".png",)}


def download_name(original: str, extension: str) -> str:
    """``original`` when its extension names the sniffed kind (``extension``, e.g. ``.pdf``), else
    its stem with that extension: ``scan.exe`` holding a PDF downloads as ``scan.pdf``."""
    name = PurePosixPath((original or "").replace("\\", "/")).name.strip() or "document"
    suffix = PurePosixPath(name).suffix
    if suffix.lower() in EXTENSIONS.get(extension, (extension,)):
        return name
    stem = name[: -len(suffix)] if suffix else name
    return (stem or "document") + extension
