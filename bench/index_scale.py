"""Index builds at 1×, 10× and 100× the corpus: a full build from scratch, a rebuild after a
one-sentence change to one document, and a no-change run, each as ``sharecheck index`` in a subprocess.

Run: ``.venv/bin/python bench/index_scale.py [--scales 1,10,100 | --quick] [--keep]`` (``--quick`` is
``--scales 1,10``; ``make bench`` passes ``--scales 1,10``: a 100× build from scratch took 8.5 minutes
on 2 cores on 1 Dec 2026). For each scale it copies corpus/
into a temporary folder and adds, for every document under documents/, scale − 1 copies under new
unique ids (``<id>-x2`` … ``-x<scale>``: the file name and the ``id:`` field; nothing else in the
corpus refers to them, so each is just one more valid document) and `` (copy N)`` after the title, so
that no two chunks have the same text (a build embeds identical text once, which would make the
copies nearly free). Then it runs, with
SHARECHECK_CORPUS_DIR/INDEX_DIR/DATA_DIR pointing into that folder:

- full build: ``sharecheck index`` into an empty index folder;
- one-document change: one sentence of one generated document edited, ``sharecheck index`` again
  (the command always rebuilds the whole index when the corpus changes; this shows what that costs);
- no change: ``sharecheck index`` once more (it should find the index current and do nothing).

Prints per run: documents, chunks (and how many the build embedded, when its manifest says), wall
seconds and the peak RSS of the ``sharecheck`` process
(``/usr/bin/time -v``; without it, the rusage of that one child from ``os.wait4``). The generated
corpora are deleted at the end (``--keep`` leaves them and prints where). Asserts nothing; exits
non-zero when a build fails (e.g. the generated corpus does not validate).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
BIN = Path(sys.executable).with_name("sharecheck")
GNU_TIME = Path("/usr/bin/time")
SECTION = re.compile(r"^#{2,3}\s+.+\{#[^\s}]+\s+provenance=[a-z]+\}\s*$")
OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1",
               "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False",
               "TOKENIZERS_PARALLELISM": "false"}


class BuildError(RuntimeError):
    """``sharecheck index`` exited non-zero."""


@dataclass
class Run:
    """One ``sharecheck index`` run: wall seconds, peak RSS (MB), its output and the manifest after it."""

    seconds: float
    peak_mb: float
    output: str
    manifest: dict


def retitled(text: str, path: Path, copy: int) -> str:
    """``text`` of document ``path`` as its copy number ``copy``: new ``id:`` and `` (copy N)`` after the title.

    The title starts every chunk's search text (its heading path), so each copy's chunks are new text
    to the build, which embeds identical text only once. Raises BuildError when a field is missing.
    """
    new_id = f"{path.stem}-x{copy}"
    text, ids = re.subn(rf"(?m)^id:\s*{re.escape(path.stem)}\s*$", f"id: {new_id}", text, count=1)

    def title(m: re.Match) -> str:
        value = m["value"]
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1].replace("''", "'") if value[0] == "'" else json.loads(value)
        return "title: " + json.dumps(f"{value} (copy {copy})")  # a JSON string is a YAML double-quoted one

    text, titles = re.subn(r"(?m)^title:[ \t]*(?P<value>.+?)[ \t]*$", title, text, count=1)
    if ids != 1 or titles != 1:
        raise BuildError(f"{path}: no `id: {path.stem}` or `title:` line in the front matter")
    return text


def make_corpus(dest: Path, scale: int) -> Path:
    """Copy corpus/ to ``dest`` with ``scale`` − 1 extra copies of every document (``retitled``);
    return the path of the last generated document (the last original's when ``scale`` is 1)."""
    shutil.copytree(CORPUS, dest)
    documents = sorted((dest / "documents").glob("*.md"))
    last = documents[-1]
    for path in documents:
        text = path.read_text(encoding="utf-8")
        for copy in range(2, scale + 1):
            last = path.with_name(f"{path.stem}-x{copy}.md")
            last.write_text(retitled(text, path, copy), encoding="utf-8")
    return last


def edit_one_sentence(path: Path) -> str:
    """Change the first sentence-ending line of the first section of ``path``; return the new line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    in_section = False
    for i, line in enumerate(lines):
        if SECTION.match(line):
            in_section = True
        elif in_section and line.rstrip().endswith(".") and not line.startswith((">", "#", "|", "-")):
            lines[i] = line.rstrip()[:-1] + " (as edited for the benchmark).\n"
            path.write_text("".join(lines), encoding="utf-8")
            return lines[i].strip()
    raise BuildError(f"{path}: found no sentence to edit")


def run_index(folder: Path, *flags: str) -> Run:
    """Run ``sharecheck index`` over ``folder``'s corpus/index/data; raise BuildError when it fails."""
    env = dict(os.environ, **OFFLINE_ENV, SHARECHECK_CORPUS_DIR=str(folder / "corpus"),
               SHARECHECK_INDEX_DIR=str(folder / "index"), SHARECHECK_DATA_DIR=str(folder / "data"))
    command = [str(BIN), "index", *flags]
    if GNU_TIME.exists():
        command = [str(GNU_TIME), "-v", *command]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if GNU_TIME.exists():
        out, err = process.communicate()
        seconds = time.perf_counter() - started
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
        peak_mb = int(found.group(1)) / 1024 if found else float("nan")
    else:
        # wait4 reports the rusage of this one child (RUSAGE_CHILDREN would be the max over all runs so far).
        import threading

        buffers: dict[str, str] = {}
        readers = [threading.Thread(target=lambda k=k, s=s: buffers.__setitem__(k, s.read()))
                   for k, s in (("out", process.stdout), ("err", process.stderr))]
        for t in readers:
            t.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        for t in readers:
            t.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out, err = buffers["out"], buffers["err"]
        peak_mb = usage.ru_maxrss / 1024
    if process.returncode != 0:
        tail = "\n".join(line for line in err.splitlines() if not line.startswith("\t"))[-2000:]
        raise BuildError(f"`sharecheck index {' '.join(flags)}` exited with {process.returncode}:\n{tail}")
    manifest = json.loads((folder / "index" / "manifest.json").read_text(encoding="utf-8"))
    return Run(seconds=seconds, peak_mb=peak_mb, output=out.strip(), manifest=manifest)


def line(what: str, run: Run, built: bool = True) -> str:
    """One printed figure line for ``run`` (``built``: it wrote a new index, so its manifest's
    ``embedded`` count is this run's)."""
    embedded = f", {run.manifest['embedded']} embedded" if built and "embedded" in run.manifest else ""
    return (f"  {what}: {run.seconds:.1f} s, peak RSS {run.peak_mb:.0f} MB "
            f"({run.manifest['documents']} documents, {run.manifest['chunks']} chunks{embedded})")


def bench_scale(root: Path, scale: int) -> None:
    """Generate the ``scale``× corpus under ``root`` and print its three runs."""
    folder = root / f"x{scale}"
    folder.mkdir()
    changed = make_corpus(folder / "corpus", scale)
    count = len(list((folder / "corpus" / "documents").glob("*.md")))
    print(f"{scale}x corpus: {count} documents", flush=True)
    full = run_index(folder)
    print(line("full build from scratch", full), flush=True)
    edited = edit_one_sentence(changed)
    again = run_index(folder)
    if again.manifest["built_at"] == full.manifest["built_at"] and "nothing to do" in again.output:
        raise BuildError(f"editing {changed.name} did not trigger a rebuild: {again.output}")
    print(line(f"one-document change ({changed.name}: …{edited[-60:]!r})", again), flush=True)
    same = run_index(folder)
    note = "" if "nothing to do" in same.output else f" — it rebuilt: {same.output.splitlines()[-1][:100]}"
    print(line("no change (index current)", same, built=bool(note)) + note, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", help="corpus multiples, comma-separated (default 1,10,100)")
    parser.add_argument("--quick", action="store_true", help="--scales 1,10 unless --scales is given")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and indexes")
    args = parser.parse_args()
    scales = [int(s) for s in (args.scales or ("1,10" if args.quick else "1,10,100")).split(",") if s.strip()]
    if not scales or min(scales) < 1:
        parser.error("--scales takes whole numbers of at least 1, e.g. 1,10")
    root = Path(tempfile.mkdtemp(prefix="sharecheck-index-scale-"))
    try:
        print(f"peak RSS from {'/usr/bin/time -v' if GNU_TIME.exists() else 'os.wait4 rusage'}", flush=True)
        for scale in scales:
            bench_scale(root, scale)
    except BuildError as exc:
        print(f"index_scale: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"generated corpora and indexes kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
