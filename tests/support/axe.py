"""Accessibility checks with axe-core (node_modules/axe-core, installed by setup.sh --test).

    violations = run_axe(page, "forside")                 # WCAG 2.1 A/AA rules
    bad = serious_violations(violations)                  # impact serious/critical, app only
    assert not bad, format_violations(bad)

The full result (violations and "incomplete" items) is written to
``test-artifacts/axe/<name>.json``.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import Iterable, Sequence

from . import REPO_ROOT, artifacts_dir, missing_tool, safe_name
from .browser import tall_viewport

AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = {"serious", "critical"}

# Streamlit's own chrome (header, toolbar, main menu, deploy button, running
# indicator): not ours to fix, so serious_violations() leaves it out by default.
STREAMLIT_CHROME_SELECTORS = [
    '[data-testid="stHeader"]',
    '[data-testid="stToolbar"]',
    '[data-testid="stDecoration"]',
    '[data-testid="stMainMenu"]',
    '[data-testid="stStatusWidget"]',
    '[data-testid="stAppDeployButton"]',
    "#MainMenu",
]

# Marks each violating node with whether it sits inside Streamlit's chrome.
_MARK_CHROME_JS = """
([violations, chrome]) => violations.map(v => v.nodes.map(n => {
  const t = n.target;
  if (!Array.isArray(t) || t.length !== 1 || typeof t[0] !== 'string') return false;
  let el = null;
  try { el = document.querySelector(t[0]); } catch (e) { return false; }
  return !!(el && chrome.some(sel => el.closest(sel)));
}))
"""


def run_axe(page, name: str | None = None, *, exclude: Sequence[str] = (),
            include: Sequence[str] | None = None, tags: Sequence[str] = WCAG_21_AA_TAGS,
            rules: dict | None = None, full_page: bool = True) -> list[dict]:
    """Run axe-core on the page; return the list of violations (axe's own format).

    exclude / include: CSS selectors to leave out / restrict to.
    rules: axe ``rules`` option, e.g. ``{"color-contrast": {"enabled": False}}``.
    full_page: check all content, also what Streamlit's main area would need
    scrolling for (axe counts clipped content as hidden and skips e.g. contrast).
    Each node gets an extra key ``in_streamlit_chrome`` (bool).
    Results go to ``test-artifacts/axe/<name>.json`` (name defaults to a timestamp).
    """
    if not AXE_JS.is_file():
        missing_tool(f"axe-core not installed ({AXE_JS.relative_to(REPO_ROOT)})")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))

    context: dict = {"include": [[sel] for sel in include] if include else [["html"]]}
    if exclude:
        context["exclude"] = [[sel] for sel in exclude]
    options: dict = {"runOnly": {"type": "tag", "values": list(tags)},
                     "resultTypes": ["violations", "incomplete"]}
    if rules:
        options["rules"] = rules

    with tall_viewport(page) if full_page else contextlib.nullcontext():
        result = page.evaluate("([ctx, opts]) => axe.run(ctx, opts)", [context, options])
        violations = result.get("violations", [])
        marks = page.evaluate(_MARK_CHROME_JS, [violations, STREAMLIT_CHROME_SELECTORS])
    for violation, node_marks in zip(violations, marks):
        for node, mark in zip(violation["nodes"], node_marks):
            node["in_streamlit_chrome"] = bool(mark)

    name = safe_name(name or time.strftime("axe-%Y%m%d-%H%M%S"))
    out: Path = artifacts_dir("axe") / f"{name}.json"
    out.write_text(json.dumps({
        "url": result.get("url"),
        "timestamp": result.get("timestamp"),
        "axe_version": (result.get("testEngine") or {}).get("version"),
        "tags": list(tags),
        "exclude": list(exclude),
        "violations": violations,
        "incomplete": result.get("incomplete", []),
    }, indent=2, ensure_ascii=False), encoding="utf-8")
    return violations


def serious_violations(violations: Iterable[dict], *,
                       ignore_selectors_in_streamlit_chrome: bool = True) -> list[dict]:
    """Keep violations with impact serious/critical.

    With ``ignore_selectors_in_streamlit_chrome`` (default), nodes inside
    Streamlit's own header/toolbar/menu are dropped, and so is a violation left
    with no nodes.
    """
    kept = []
    for v in violations:
        if v.get("impact") not in SERIOUS:
            continue
        nodes = v.get("nodes", [])
        if ignore_selectors_in_streamlit_chrome:
            nodes = [n for n in nodes if not n.get("in_streamlit_chrome")]
            if not nodes:
                continue
        kept.append({**v, "nodes": nodes})
    return kept


def format_violations(violations: Iterable[dict], max_nodes: int = 5) -> str:
    """A readable summary for assertion messages."""
    lines = []
    for v in violations:
        lines.append(f"[{v.get('impact')}] {v.get('id')}: {v.get('help')} ({v.get('helpUrl')})")
        nodes = v.get("nodes", [])
        for n in nodes[:max_nodes]:
            summary = " ".join((n.get("failureSummary") or "").split())
            lines.append(f"    {n.get('target')}: {summary}")
        if len(nodes) > max_nodes:
            lines.append(f"    ... and {len(nodes) - max_nodes} more")
    return "\n".join(lines) or "(no violations)"
