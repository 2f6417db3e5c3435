"""The results tables, generated from the evaluation records (``make report``).

    python -m utils.report                    # print the tables of results/eval/*.json
    python -m utils.report --out FILE         # write them to FILE (make run: results/results.md)
    python -m utils.report --readme README.md # replace the block between the README's markers

The scorecard of notebook 5 (``results/scorecard.json``), when it exists, comes first: every claim
with its computed verdict, and the literature beside this run. Every other number comes from
``results/eval/<system>.json``: each system's accepted answers (the gold or
one of its aliases), strict containment and multiple-choice accuracy per group with 95% intervals
over facts; each system as a paired difference from the base model on the same questions; RAG minus
the fine-tuned model, paired; and the headline metric split into product and policy/service facts.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

from utils.records import (
    DOMAINS,
    SYSTEMS,
    DifferentQuestionsError,
    RecordError,
    load_record,
    paired_differences,
)

START, END = "<!-- results:start -->", "<!-- results:end -->"
NAMES = {"base": "base model", "rag": "RAG", "ft": "LoRA fine-tuned", "ft_rag": "fine-tuned + RAG",
         "raft": "RAFT"}  # fmt: skip


def available_records(results_dir=None) -> dict[str, dict]:
    """``{system: record}`` of every system of ``SYSTEMS`` that has a record, in that order."""
    records = {}
    for system in SYSTEMS:
        try:
            records[system] = load_record(system, results_dir)
        except FileNotFoundError:
            continue
    return records


def _cell(metric: Mapping | None, signed: bool = False) -> str:
    """``0.433 [0.300, 0.550]`` (``+0.433 [...]`` when ``signed``), or a dash when not measured."""
    if not metric or metric.get("value") is None:
        return "—"
    fmt = "{:+.3f}" if signed else "{:.3f}"
    low, high = metric["ci95"]
    return f"{fmt.format(metric['value'])} [{fmt.format(low)}, {fmt.format(high)}]"


def _differences(record: Mapping, other: Mapping, metrics, domain=None) -> dict:
    try:
        return paired_differences(record, other, metrics=metrics, domain=domain)
    except (DifferentQuestionsError, RecordError):
        return {}


def systems_table(records: Mapping[str, Mapping]) -> str:
    """One row per system and group: n, accepted, containment, multiple choice, minus the base."""
    base = records.get("base")
    rows = [
        "| system | group | questions | accepted | containment | multiple choice (questions) "
        "| accepted − base, paired |",
        "|---|---|---|---|---|---|---|",
    ]
    for system, record in records.items():
        gain = _differences(record, base, ("accepted",)) if base and system != "base" else {}
        for group, m in record["metrics"].items():
            n_mcq = sum(
                p["group"] == group and p.get("mcq_choice") is not None
                for p in record["predictions"]
            )
            diff = _cell(gain.get(group, {}).get("accepted"), signed=True)
            rows.append(
                f"| {NAMES.get(system, system)} | {group} | {m['n']} | {_cell(m.get('accepted'))} "
                f"| {_cell(m.get('contains'))} | {_cell(m.get('mcq_accuracy'))} ({n_mcq}) "
                f"| {diff if system != 'base' else '—'} |"
            )
    return "\n".join(rows)


def pair_table(records: Mapping[str, Mapping], a: str = "rag", b: str = "ft") -> str:
    """``a`` minus ``b`` on the questions both answered, per group, paired over facts."""
    if a not in records or b not in records:
        return f"(no {NAMES.get(a, a)} − {NAMES.get(b, b)} comparison: a record is missing)"
    diff = _differences(records[a], records[b], ("accepted", "contains", "mcq_accuracy"))
    if not diff:
        return "(the two records hold different questions: re-run both in the same profile)"
    rows = ["| group | accepted | containment | multiple choice |", "|---|---|---|---|"]
    for group, m in diff.items():
        cells = [_cell(m.get(k), signed=True) for k in ("accepted", "contains", "mcq_accuracy")]
        rows.append(f"| {group} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def domain_table(records: Mapping[str, Mapping]) -> str:
    """Accepted answers per system and group, product facts and policy/service facts apart."""
    rows = [
        "| system | group | " + " | ".join(f"{d} (questions)" for d in DOMAINS) + " |",
        "|---|---|" + "---|" * len(DOMAINS),
    ]
    for system, record in records.items():
        for group, by_domain in record.get("metrics_by_domain", {}).items():
            cells = [
                f"{_cell(by_domain[d].get('accepted'))} ({by_domain[d]['n']})"
                if d in by_domain
                else "—"
                for d in DOMAINS
            ]
            rows.append(f"| {NAMES.get(system, system)} | {group} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def conditions_line(card: Mapping) -> str:
    """The conditions of the run in one sentence, to print beside the verdicts."""
    c = card.get("conditions", {})
    shown = [f"{k.replace('_', ' ')} {v}" for k, v in c.items() if v not in (None, "")]
    return "Measured with " + "; ".join(shown) + "." if shown else ""


def literature_markdown(card: Mapping) -> str:
    """The literature rows as a Markdown table."""
    lines = [
        "| paper | found | this course's difference | measured | here |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['paper']} | {r['found']} | `{r['this course']}` | {r['measured']} | {r['here']} |"
        for r in card.get("literature", [])
    ]
    return "\n".join(lines)


def summary_lines(card: Mapping) -> list[str]:
    """One line per claim, for a terminal: id, verdict, the claim."""
    return [f"{v['id']:<3} {v['verdict']:<22} {v['text']}" for v in card["verdicts"]]


def scorecard_section(card: Mapping | None) -> str:
    """The scorecard of notebook 5 (``results/scorecard.json``) as Markdown: the conditions, every
    claim with its verdict and measurement, and the literature beside this run's numbers."""
    from utils import scorecard

    if card is None:
        return "No scorecard yet: notebook 5 writes it (`make run`)."
    counts = {v: sum(r["verdict"] == v for r in card["verdicts"]) for v in scorecard.VERDICTS}
    tally = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
    return "\n\n".join(
        [
            f"**The scorecard** ({len(card['verdicts'])} claims: {tally}). Each verdict is computed "
            "by a rule in `utils/scorecard.py` from the numbers in `results/scorecard.json`. "
            + conditions_line(card),
            scorecard.markdown(card),
            "**What the literature found**, beside this run's paired difference in the same direction",
            literature_markdown(card),
        ]
    )


def dimensions_table(card: Mapping) -> str:
    """How many claims of each dimension got each verdict, as a Markdown table."""
    from utils import scorecard

    dimensions = list(dict.fromkeys(v["dimension"] for v in card["verdicts"]))
    lines = ["| dimension | " + " | ".join(scorecard.VERDICTS) + " |",
             "|---|" + "---|" * len(scorecard.VERDICTS)]  # fmt: skip
    for dimension in dimensions:
        mine = [v["verdict"] for v in card["verdicts"] if v["dimension"] == dimension]
        lines.append(
            f"| {dimension} | " + " | ".join(str(mine.count(v)) for v in scorecard.VERDICTS) + " |"
        )
    return "\n".join(lines)


def wrapup_page(card: Mapping, results: str | Path, images: bool = True) -> str:
    """The course's last page (notebook 6, ``results/wrapup.md``): the verdicts by dimension, the
    scorecard, the literature, and the figures the notebooks saved (linked relative to
    ``results``; ``images=False`` lists their names)."""
    from utils import scorecard

    figures = sorted((Path(results) / "figures").glob("*.png"))
    shown = [
        f"![{f.stem}](figures/{f.name})" if images else f"- `figures/{f.name}`" for f in figures
    ]
    return "\n\n".join([
        "# What you measured",
        conditions_line(card),
        "## The five dimensions\n\nThe claims of each dimension, by verdict:\n\n" + dimensions_table(card),
        "## Every claim, with its measurement\n\n" + scorecard.markdown(card),
        "## What the literature found, beside your numbers\n\n" + literature_markdown(card),
        "## The figures\n\n" + ("\n\n" if images else "\n").join(shown or ["(none saved yet)"]),
    ])  # fmt: skip


def report(records: Mapping[str, Mapping], card: Mapping | None = None) -> str:
    """The markdown of every table, with what it was computed from: the scorecard (when notebook 5
    has written one), then the systems' tables from the records."""
    if not records:
        return "No evaluation records yet: run `make run` (or notebooks 0, 2 and 4) first."
    profiles = sorted({r.get("profile") for r in records.values()}, key=str)
    from utils.blind import blind_baselines

    floor = max(v for rules in blind_baselines().values() for v in rules.values())
    return "\n\n".join(
        ([scorecard_section(card)] if card is not None else [])
        + [
            f"Profile: {', '.join(map(str, profiles))}. 95% bootstrap intervals over facts (both "
            "wordings of a fact move together); differences are paired on the same questions. "
            "*Accepted*: the answer contains the gold or one of its aliases; *containment*: the "
            "gold as written. Multiple choice counts the questions with options; no option-picking "
            f"rule that reads no facts scores above {floor:.3f} on any group (the floor).",
            systems_table(records),
            f"**{NAMES['rag']} − {NAMES['ft']}**, paired over facts",
            pair_table(records),
            "**Accepted answers by kind of fact**",
            domain_table(records),
        ]
    )


def replace_block(text: str, block: str, path: str = "README.md") -> str:
    """``text`` with everything between ``START`` and ``END`` replaced by ``block``."""
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise ValueError(
            f"{path} needs exactly one {START} line followed by one {END} line around the results "
            "tables: add them where the tables belong, then run the command again."
        )
    head, rest = text.split(START)
    _, tail = rest.split(END)
    return f"{head}{START}\n{block}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    """Command line: print the tables, write them to a file, or put them in the README."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--results", type=Path, default=None, help="results folder")
    parser.add_argument("--out", type=Path, help="write the tables to this file")
    parser.add_argument("--readme", type=Path, help="replace the results block of this file")
    args = parser.parse_args(argv)
    from utils.scorecard import load_scorecard

    text = report(available_records(args.results), load_scorecard(args.results))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    if args.readme:
        try:
            updated = replace_block(args.readme.read_text(encoding="utf-8"), text, str(args.readme))
        except ValueError as exc:
            print(f"report: {exc}", file=sys.stderr)
            return 1
        args.readme.write_text(updated, encoding="utf-8")
        print(f"updated the results tables in {args.readme}")
    if not (args.out or args.readme):
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
