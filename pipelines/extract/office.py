"""DOC, WPS and RTF → DOCX through LibreOffice, then the DOCX reader; XLS (Excel 97-2003)
→ XLSX through LibreOffice Calc, then the XLSX reader.

No Python library reads Word 97-2003 binaries with their merged cells intact; LibreOffice does. Each
conversion gets a private profile directory (``-env:UserInstallation``): two soffice processes sharing a
profile block or fail, and the pipeline converts in parallel. A hung conversion is killed after a timeout.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from pipelines.extract.docx import read_docx
from pipelines.extract.model import Document, MissingTool, ReadError
from pipelines.extract.xlsx import read_xlsx

CONVERT_TIMEOUT_SECONDS = 60
_PROGRAMS = ("soffice", "libreoffice")
#: LibreOffice import filter, file suffix and export (format:filter) per media type. The import filter is named
#: explicitly: left to guess, LibreOffice imports a corrupt Word file as plain text and "converts" the garbage.
#: Kingsoft's WPS files are Word binaries (its own ``.wps`` filter is for MS Works).
_DOCX_EXPORT = "docx:MS Word 2007 XML"
_FILTERS = {
    "application/msword": ("MS Word 97", ".doc", _DOCX_EXPORT),
    "application/wps-office.wps": ("MS Word 97", ".doc", _DOCX_EXPORT),
    "application/rtf": ("Rich Text Format", ".rtf", _DOCX_EXPORT),
    "application/vnd.ms-excel": ("MS Excel 97", ".xls", "xlsx:Calc MS Excel 2007 XML"),
}
_KINDS = {
    "application/msword": "a Word 97-2003 document",
    "application/wps-office.wps": "a Kingsoft WPS document",
    "application/rtf": "an RTF document",
    "application/vnd.ms-excel": "an Excel 97-2003 workbook (XLS)",
}


def find_soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    for program in _PROGRAMS:
        path = shutil.which(program)
        if path:
            return path
    return None


def read_office(data: bytes, source: str = "", media_type: str = "application/msword",
                timeout: float = CONVERT_TIMEOUT_SECONDS) -> Document:
    """Convert with LibreOffice and read the DOCX (or XLSX); the Document keeps the original media type."""
    name = source or "document"
    kind = _KINDS.get(media_type, "an office document")
    soffice = find_soffice()
    if soffice is None:
        raise MissingTool(f"{name} is {kind}: reading it needs LibreOffice (soffice), which is not installed")
    import_filter, suffix, export = _FILTERS.get(media_type, _FILTERS["application/msword"])
    spreadsheet = export.startswith("xlsx:")
    if spreadsheet and not has_calc(soffice):
        raise MissingTool(f"{name} is {kind}: reading it needs LibreOffice Calc (libreoffice-calc-nogui), "
                          "which is not installed")
    converted = convert(data, name, soffice, import_filter, suffix, export, timeout)
    reader = read_xlsx if spreadsheet else read_docx
    document = reader(converted, source, media_type=media_type)
    document.warnings.append(f"converted from {kind} by LibreOffice")
    return document


def has_calc(soffice: str) -> bool:
    """Whether the LibreOffice install holds Calc (Debian packages it apart from Writer)."""
    program = Path(soffice).resolve().parent
    return any(program.glob("libsclo.*")) or (program / "scalc").exists()


def convert(data: bytes, name: str, soffice: str, import_filter: str = "MS Word 97", suffix: str = ".doc",
            export: str = _DOCX_EXPORT, timeout: float = CONVERT_TIMEOUT_SECONDS) -> bytes:
    """The file LibreOffice makes of ``data`` (``export``: format and filter, ``docx:MS Word 2007 XML``).
    Raises ``ReadError`` when it fails or times out."""
    extension = export.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="zfxxgk-soffice-") as work:
        work_dir = Path(work)
        source_path = work_dir / f"input{suffix}"
        source_path.write_bytes(data)
        out_dir = work_dir / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            f"--infilter={import_filter}",
            "--convert-to", export,
            "--outdir", str(out_dir),
            str(source_path),
        ]
        # its own session: on timeout the whole process group (soffice forks oosplash/soffice.bin) is killed
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
            start_new_session=True, env={**os.environ, "HOME": str(work_dir)},
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ReadError(f"{name}: LibreOffice did not finish converting it within {timeout:g} s") from None
        output = out_dir / f"input.{extension}"
        if process.returncode != 0 or not output.is_file() or output.stat().st_size == 0:
            detail = (stdout + stderr).decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else f"exit status {process.returncode}, no output"
            raise ReadError(f"{name}: LibreOffice could not convert it ({reason})")
        return output.read_bytes()


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # it may have ended on its own meanwhile
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
