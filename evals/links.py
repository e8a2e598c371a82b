"""Print the official-link check (issue 11, scope 3): ``python -m evals.links [--corpus DIR] [--notes]``.

One line per document link: ``doc_id[#section]  url  kind/level  label  ok|FAIL``; with ``--notes`` the
URLs of each document's opening note too. Documents whose link is not the section's own official text
are listed after, with the reason from ``corpus/official-sources.yaml``. Exit 0 when every link passes,
1 otherwise; a corpus that does not load exits 2 with its problems (file and line).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.errors import CorpusError
from assistant.knowledge.corpus import load_corpus
from assistant.knowledge.sources import check, load_register
from assistant.settings import REPO_ROOT


def lines(corpus_dir: Path, notes: bool = False) -> tuple[list[str], bool]:
    """The printed lines and whether every link passed."""
    corpus = load_corpus(corpus_dir)
    register = load_register(corpus_dir)
    checks = [c for c in check(corpus.documents, register) if notes or not c.key.startswith("note:")]
    out = []
    for c in checks:
        where = c.doc_id + (f"#{c.key}" if c.key else "")
        label = corpus.documents[c.doc_id].links.get(c.key, {}).get("label", "")
        out.append(f"{where:<38} {c.url}  {c.kind}/{c.level}  {label}  {'ok' if c.ok else 'FAIL ' + c.why}".rstrip())
    out += ["", "Not the section's own official text (corpus/official-sources.yaml):"]
    out += [f"- {e.doc}{' (' + ', '.join(e.sections) + ')' if e.sections else ''}: {e.level} — {e.why}"
            for e in register.exceptions]
    out += ["", "Section addresses inferred, not read as such:"]
    out += [f"- {url} — {why}" for url, why in register.inferred.items()]
    passed = all(c.ok for c in checks)
    out += ["", f"{sum(c.ok for c in checks)}/{len(checks)} links ok"]
    return out, passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.links", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT / "corpus")
    parser.add_argument("--notes", action="store_true", help="also check the URLs of each opening note")
    args = parser.parse_args(argv)
    try:
        out, passed = lines(args.corpus, args.notes)
    except CorpusError as exc:
        print(exc, file=sys.stderr)
        return 2
    print("\n".join(out))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
