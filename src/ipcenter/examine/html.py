"""The HTML report: the claim tree, each finding marked at its span with its rule, message and basis."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from jinja2 import Environment, select_autoescape

from ipcenter.examine.models import CheckResult, ClaimNode, Finding
from ipcenter.examine.output import disclaimer
from ipcenter.examine.rules import RULES
from ipcenter.i18n import label

_TEMPLATE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;max-width:70em;color:#222}
.disclaimer{background:#fff8e1;border-left:4px solid #f0ad4e;padding:.6em 1em}
ul.tree{list-style:none;padding-left:1.4em;border-left:1px dotted #bbb}
.claim{margin:.4em 0;padding:.3em .5em;background:#fafafa;border-radius:4px}
.claim .num{font-weight:bold;margin-right:.4em}
.ind{background:#eef5ff}
mark{padding:0 .1em;border-bottom:2px solid}
mark.error{background:#fde2e2;border-color:#d9534f} mark.warning{background:#fff3cd;border-color:#f0ad4e}
mark.info{background:#e2f0fb;border-color:#5bc0de}
.f{font-size:.85em;margin:.15em 0 .15em 1em} .f.error{color:#a94442} .f.warning{color:#8a6d3b}
table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:.2em .5em;font-size:.9em}
.tag{font-family:monospace;font-size:.85em}
</style></head><body>
<h1>{{ title }}</h1>
<p class="disclaimer">{{ disclaimer }}</p>
{% for doc in docs %}
<section>
<h2 id="{{ doc.id }}">{{ doc.id or '—' }}{% if doc.name %} · {{ doc.name }}{% endif %}</h2>
<p>{{ labels.claims }}: {{ doc.n_claims }} · {{ labels.independent }}: {{ doc.independents }} ·
 error {{ doc.counts.error }} · warning {{ doc.counts.warning }}</p>
{% for part in doc.parts %}<p><b>{{ part.label }}</b>: {% for seg in part.segments %}{% if seg.findings %}<mark class="{{ seg.severity }}" title="{{ seg.title }}">{{ seg.text }}</mark>{% else %}{{ seg.text }}{% endif %}{% endfor %}</p>
{% for f in part.findings %}<div class="f {{ f.severity }}"><span class="tag">{{ f.rule }}</span> {{ f.message }} <i>({{ f.basis }})</i></div>{% endfor %}{% endfor %}
<h3>{{ labels.tree }}</h3>
{{ doc.tree }}
</section>
{% endfor %}
<h2>{{ labels.rules }}</h2>
<table><tr><th>id</th><th>severity</th><th>{{ labels.what }}</th><th>{{ labels.basis }}</th><th>2010</th></tr>
{% for r in rules %}<tr><td class="tag">{{ r.id }}</td><td>{{ r.severity }}</td><td>{{ r.what }}</td><td>{{ r.basis }}</td><td>{{ r.old }}</td></tr>{% endfor %}
</table>
<p class="disclaimer">{{ disclaimer }}</p>
</body></html>
"""

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def _segments(text: str, findings: Sequence[Finding], lang: str) -> list[dict[str, Any]]:
    """Cut ``text`` at every finding boundary; each segment knows the findings covering it."""
    cuts = {0, len(text)}
    for f in findings:
        start, end = max(0, min(f.start, len(text))), max(0, min(f.end, len(text)))
        if end == start:  # a point finding (e.g. 'no independent claim'): mark the first character
            end = min(len(text), start + 1)
        cuts.update((start, end))
    points = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(points):
        covering = [
            f for f in findings if max(0, f.start) <= a and (f.end if f.end > f.start else f.start + 1) >= b
        ]
        sev = "error" if any(f.severity == "error" for f in covering) else ("warning" if covering else "")
        out.append(
            {
                "text": text[a:b],
                "findings": covering,
                "severity": sev,
                "title": "; ".join(
                    f"{f.rule}: {f.message_zh if lang == 'zh' else f.message_en}" for f in covering
                ),
            }
        )
    return out


def _claim_html(c: ClaimNode, index: int, findings: Sequence[Finding], lang: str) -> str:
    mine = [f for f in findings if f.part == "claims" and f.claim_index == index]
    segs = _segments(c.text, mine, lang)
    tpl = _ENV.from_string(
        '<div class="claim{% if ind %} ind{% endif %}"><span class="num">{{ num }}</span>'
        '{% for s in segs %}{% if s.findings %}<mark class="{{ s.severity }}" title="{{ s.title }}">{{ s.text }}</mark>'
        "{% else %}{{ s.text }}{% endif %}{% endfor %}"
        '{% for f in mine %}<div class="f {{ f.severity }}"><span class="tag">{{ f.rule }}</span> {{ msg(f) }} '
        "<i>({{ f.basis }})</i></div>{% endfor %}</div>"
    )
    return tpl.render(
        ind=c.independent,
        num="" if c.label else (c.number or "?"),
        segs=segs,
        mine=mine,
        msg=lambda f: f.message_zh if lang == "zh" else f.message_en,
    )


def _tree_html(result: CheckResult, lang: str) -> str:
    """Nested lists: each dependent claim under the first claim it depends on; independents at the top."""
    claims = result.claims
    index_of = {c.number: i for i, c in enumerate(claims) if c.number is not None}
    children: dict[int, list[int]] = {i: [] for i in range(len(claims))}
    roots: list[int] = []
    for i, c in enumerate(claims):
        parents = [index_of[t] for t in c.depends_on if t in index_of and index_of[t] < i]
        (children[parents[0]] if parents else roots).append(i)

    def render_node(i: int, depth: int) -> str:
        html = "<li>" + _claim_html(claims[i], i, result.findings, lang)
        if children[i] and depth < 40:
            html += '<ul class="tree">' + "".join(render_node(k, depth + 1) for k in children[i]) + "</ul>"
        return html + "</li>"

    return '<ul class="tree">' + "".join(render_node(i, 0) for i in roots) + "</ul>"


def html_report(results: Sequence[CheckResult], lang: str, title: str = "claims") -> str:
    from markupsafe import Markup

    docs = []
    for r in results:
        parts = []
        for part, text in (("title", r.title), ("abstract", r.abstract)):
            if text:
                fs = [f for f in r.findings if f.part == part]
                parts.append(
                    {
                        "label": label(part, lang),
                        "segments": _segments(text, fs, lang),
                        "findings": [{**f.to_dict(lang)} for f in fs],
                    }
                )
        desc = [f.to_dict(lang) for f in r.findings if f.part == "description"]
        if desc:
            parts.append({"label": label("description", lang), "segments": [], "findings": desc})
        docs.append(
            {
                "id": r.id,
                "name": r.title,
                "n_claims": len(r.claims),
                "independents": ", ".join(str(c.number) for c in r.claims if c.independent) or "—",
                "counts": r.counts(),
                "parts": parts,
                "tree": Markup(_tree_html(r, lang)),
            }
        )
    rules = [
        {
            "id": rule.id,
            "severity": rule.severity,
            "what": rule.what_zh if lang == "zh" else rule.what_en,
            "basis": rule.basis_zh if lang == "zh" else rule.basis_en,
            "old": f"{rule.article_2010}" if rule.article_2010 else "",
        }
        for rule in RULES.values()
    ]
    labels = {
        "claims": label("claims", lang),
        "independent": label("independent_claims", lang),
        "tree": label("claim_tree", lang),
        "rules": label("rule_table", lang),
        "what": label("message", lang),
        "basis": label("basis", lang),
    }
    heading = f"{label('check_report', lang)} ({title})"
    return _ENV.from_string(_TEMPLATE).render(
        lang=lang, title=heading, disclaimer=disclaimer(lang), docs=docs, rules=rules, labels=labels
    )
