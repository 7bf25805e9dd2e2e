"""Output folders that cannot hurt inputs: checks, a manifest per run, atomic replacement.

* An output folder may not be empty text, the input folder, inside it, or hold an input.
* Every run writes ``manifest.json`` listing the files it wrote. Before a new run puts its
  files in place, the files of the earlier run (per its manifest) are removed, so no stale
  file survives (a named ``prompts.md`` after a pseudonymised run, say); nothing else in
  the folder is ever touched, and a file the tool did not write is never overwritten.
* Files are first written into a hidden staging folder inside the output folder and moved
  into place (``os.replace``) only when every file is complete: a failed run leaves the
  folder as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from ..exceptions import InvalidParameterError

__all__ = ["check_output_folder", "read_manifest", "staged_output", "MANIFEST", "OutputFolderError"]

MANIFEST = "manifest.json"
TOOL = "stakeholder-graph"
_STAGING_PREFIX = ".stakeholder-graph-staging-"


class OutputFolderError(InvalidParameterError):
    """The output folder would overwrite or mix with input or foreign files."""

    def __init__(self, out: object, message: str):
        self.parameter, self.allowed, self.got = "out", message, out
        Exception.__init__(self, f"Output folder {str(out)!r}: {message}")


def _resolved(path: str | Path) -> Path:
    return Path(os.path.realpath(os.path.abspath(path)))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output_folder(out: str | Path | None, inputs: list[str | Path] = ()) -> Path:
    """The output folder as a resolved path, or an error saying why it cannot be used.

    Parameters
    ----------
    out : str or Path
        Requested output folder.
    inputs : list of str or Path
        Input folders and files of the run (organisation folder, mapping file).

    Examples
    --------
    >>> import tempfile, os
    >>> org = tempfile.mkdtemp()
    >>> check_output_folder(os.path.join(org, "reports"), [org])
    Traceback (most recent call last):
    ...
    stakeholder_graph.export.outdir.OutputFolderError: Output folder '...reports': it lies inside the input folder ...
    """
    if out is None or str(out).strip() == "":
        raise OutputFolderError(out if out is not None else "", "an output folder must be named (it was empty); "
                                "use for example --out reports")
    target = _resolved(out)
    if target.exists() and not target.is_dir():
        raise OutputFolderError(out, "it is a file, not a folder; choose a folder name")
    for item in inputs:
        if item is None or str(item) == "":
            continue
        source = _resolved(item)
        folder = source if source.is_dir() else source.parent
        if target == folder and source.is_dir():
            raise OutputFolderError(out, f"it is the input folder {str(item)!r}; writing there would replace the "
                                         "input files. Choose a separate folder, e.g. --out reports")
        if source.is_dir() and _inside(target, source):
            raise OutputFolderError(out, f"it lies inside the input folder {str(item)!r}; a later run would read "
                                         "the reports as input. Choose a folder outside it")
        if _inside(source, target):
            raise OutputFolderError(out, f"it holds the input {str(item)!r}; writing there could replace or mix "
                                         "with input files. Choose a separate folder")
    return target


def read_manifest(folder: str | Path) -> list[str]:
    """Files listed in the manifest of an earlier run in ``folder`` (relative paths; [] if none).

    Entries that leave the folder (absolute paths, ``..``) are ignored: a manifest can
    only ever name files inside its own folder.

    Examples
    --------
    >>> import tempfile, json, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "manifest.json").write_text(json.dumps(
    ...     {"tool": "stakeholder-graph", "files": ["people.csv", "../x.csv", "/etc/passwd"]}))
    >>> read_manifest(folder)
    ['people.csv']
    """
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("tool") != TOOL or not isinstance(data.get("files"), list):
        return []
    files = []
    for entry in data["files"]:
        if not isinstance(entry, str) or not entry or "\x00" in entry:
            continue
        parts = Path(entry).parts
        if Path(entry).is_absolute() or ".." in parts or entry.startswith(("/", "\\")) or ":" in entry:
            continue
        files.append(Path(*parts).as_posix())
    return files


def _atomic_write_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def staged_output(out: str | Path, inputs: list[str | Path] = (), *, details: dict | None = None):
    """Write a run's files into a staging folder, then swap them in all at once.

    Yields the staging folder; the caller writes files there (subfolders allowed). On
    success the earlier run's files (per its manifest) are removed, the new files moved
    into ``out`` and ``manifest.json`` written. On any error nothing in ``out`` changes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "reports"
    >>> with staged_output(out) as stage:
    ...     _ = (stage / "a.csv").write_text("x\\n")
    >>> sorted(p.name for p in out.iterdir()), read_manifest(out)
    (['a.csv', 'manifest.json'], ['a.csv'])
    """
    target = check_output_folder(out, inputs)
    target.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(target)
    stage = Path(tempfile.mkdtemp(dir=target, prefix=_STAGING_PREFIX))
    try:
        yield stage
        new = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file())
        protected = {_resolved(i) for i in inputs if i is not None and str(i) != ""}
        # Refuse to overwrite a file this tool did not write (no manifest lists it).
        foreign = [name for name in new if name not in previous and (target / name).exists()]
        if foreign:
            raise OutputFolderError(out, f"it already holds {foreign[0]!r}, which no earlier stakeholder-graph run "
                                         "in this folder wrote (no manifest.json lists it); move it away or choose "
                                         "an empty folder. The tool never overwrites files it did not write")
        for name in previous:
            path = target / name
            if _resolved(path) in protected or not _inside(_resolved(path.parent), target):
                continue
            if path.is_file() or path.is_symlink():
                path.unlink()
        for name in previous:  # folders the earlier run created and left empty
            parent = (target / name).parent
            while parent != target and _inside(parent, target):
                try:
                    parent.rmdir()
                except OSError:
                    break
                parent = parent.parent
        for name in new:
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / name, destination)
        manifest = {"tool": TOOL, "written": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    **(details or {}), "files": new}
        _atomic_write_text(target / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    finally:
        shutil.rmtree(stage, ignore_errors=True)
