"""Reading the classify domain's reference data: IPC titles (zh/en), labelled examples, centre scopes.

Every function takes the shared data directory (``config.data_dir()``); nothing is copied into the repo.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ipcenter import config
from ipcenter.classify.errors import BadInput, DataMissing
from ipcenter.classify.models import Example, ScopeEntry
from ipcenter.core.errors import InvalidValue
from ipcenter.core.ipc import parse_ipc
from ipcenter.ingest.service import read_records

CN_TITLES = Path("cn-ipc-title-benchmark") / "cn_title_ipc_subclass_folds1-4.tsv"
IPC_ZH = Path("ipc-zh-2026.01") / "ipc_zh_2026.01.tsv"
IPC_EN = Path("ipc-scheme") / "ipc_scheme_titles.tsv"
USPTO_GRANTS = Path("uspto-xml-samples") / "grants.jsonl"
EPO_DIR = Path("epo-xml-samples")
CN_XML_DIR = Path("cn-patent-xml-samples")
SCOPES = Path("prefiling-scopes") / "prefiling_scopes_with_field.tsv"
WIPO_SETS = Path("wipo-manual-analytics")
#: Characters of claims added to a document's title + abstract (the whole text a pre-examiner has; the
#: TF-IDF features of very long texts cost fit time without adding subject words).
CLAIM_CHARS = 3000

# Edition markers and cross-references do not describe the subject: '[20250101]', '〔2〕', '(… A01C5/00)'.
_MARKERS = re.compile(r"\[\d{8}\]|〔\d+〕|\(\d{4}\.\d{2}\)")
_REFERENCE = re.compile(r"[（(][^（()）]*[A-H]\d\d[A-Z][^（()）]*[)）]")

# Edition markers for display: the IPC editions an entry was changed in, in the Chinese edition's brackets —
# '〔2〕', '〔1，８〕', '〔 5〕', '[20250101]', '[1,2,2006.01]', '〔3，2012.01〕': items that are an edition number
# (\d matches full-width digits too), a year, a year.month or a date. Chemical locants look alike but are kept:
# '二环〔3.2.2〕' (not a date), '〔1,5〕-二氮杂萘' (followed by a hyphen), '苯并〔a〕', '[3D]', '〔SPM〕'.
_EDITION_ITEM = r"\s*(?:\d{1,2}|\d{4}(?:\.\d{2})?|\d{8})\s*"
_EDITION_ITEMS = rf"{_EDITION_ITEM}(?:[,，]{_EDITION_ITEM})*"
# ... closed, or left open at the end of a title ('…发光二极管[LED][20250101': the PDF lost the bracket)
_EDITION = re.compile(rf"[〔\[]{_EDITION_ITEMS}(?:[〕\]](?!\s*-)|$)|\(\d{{4}}\.\d{{2}}\)")
# A01C0005000000, the English scheme's form, sometimes glued to the word before it ('in vivoA61K0050000000')
_PACKED_SYMBOL = re.compile(r"(?<!\d)([A-Za-z]?)([A-H]\d\d[A-Z]\d{10})(?!\d)")
_SPACE_BEFORE_SYMBOL = re.compile(r"(?<=[\u4e00-\u9fff，；、（])\s+(?=[A-H]\d\d[A-Z])")  # '入 A01D43/12'
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[。；，、）])")
_SEMICOLON = re.compile(r";(?=\S)")  # 'A01C0005000000;machines' in the English scheme


def _require(path: Path) -> Path:
    if not path.exists():
        raise DataMissing(f"{path} not found (give --data DIR or set IPCENTER_DATA)")
    return path


def require_data_dir(option: Path | None) -> Path:
    """The shared data directory (``--data``, ``$IPCENTER_DATA``, ``../shared/data``), or `DataMissing`."""
    path = config.data_dir(option)
    if path is None or not path.is_dir():
        raise DataMissing("data directory not found: give --data DIR or set IPCENTER_DATA")
    return path


def clean_title(title: str) -> str:
    """An IPC title without edition markers and without bracketed references to other codes: the wording
    the classifier learns from (the texts its benchmarks were measured with; display uses `display_title`)."""
    text = _MARKERS.sub("", title)
    previous = None
    while previous != text:  # references may nest
        previous, text = text, _REFERENCE.sub("", text)
    return re.sub(r"\s+", " ", text).strip(" ;；")


def _readable_symbol(match: re.Match[str]) -> str:
    glued, packed = match.groups()
    try:
        symbol = parse_ipc(packed).normalized
    except InvalidValue:
        return match.group()
    return f"{glued} {symbol}" if glued else symbol


def display_title(title: str) -> str:
    """An IPC title as people read it: the references to other codes kept (they say where a subject goes
    instead), written the usual way (``C03C10/00``, not ``C03C0010000000``), without the edition markers,
    with the source's spacing slips mended. Applying it twice changes nothing."""
    text = _EDITION.sub(" ", title)
    text = _PACKED_SYMBOL.sub(_readable_symbol, text)
    text = _SEMICOLON.sub("; ", text)
    text = re.sub(r"\s+", " ", text)  # also the no-break spaces some English titles end with
    text = _SPACE_BEFORE_SYMBOL.sub("", text)
    return _SPACE_BEFORE_PUNCTUATION.sub("", text).strip()


@dataclass(slots=True)
class IpcTitles:
    """Subclass and main-group titles, Chinese (2026.01) and English (~2020); keys are normalised codes.

    ``zh``/``en`` are for people (`display_title`); ``source_zh``/``source_en`` are the titles as the scheme
    files print them, from which the training texts are made (`clean_title`), so that a model and its
    measured figures do not change with the way titles are shown."""

    zh: dict[str, str] = field(default_factory=dict)
    en: dict[str, str] = field(default_factory=dict)
    source_zh: dict[str, str] = field(default_factory=dict)
    source_en: dict[str, str] = field(default_factory=dict)
    #: main groups (``G06F40/00``) under each subclass
    groups: dict[str, list[str]] = field(default_factory=dict)

    def subclasses(self) -> list[str]:
        return sorted({c for c in (*self.zh, *self.en) if len(c) == 4})

    def title(self, code: str, lang: str) -> str | None:
        return (self.zh if lang == "zh" else self.en).get(code)


def load_ipc_titles(data_dir: Path) -> IpcTitles:
    """Subclass and main-group titles from ``ipc-zh-2026.01`` and ``ipc-scheme``: cleaned for display here,
    once, and kept as printed for training."""
    titles = IpcTitles()
    with open(_require(data_dir / IPC_ZH), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["kind"] in ("subclass", "main_group"):
                titles.source_zh[row["code"]] = row["title"]
    with open(_require(data_dir / IPC_EN), encoding="utf-8", newline="") as fh:
        for line in fh:
            symbol, _, title = line.rstrip("\n").partition("\t")
            if len(symbol) == 4:
                titles.source_en[symbol] = title
            elif len(symbol) == 14 and symbol.endswith("000000"):  # a main group in the packed form
                titles.source_en[parse_ipc(symbol).normalized] = title
    titles.zh = {code: display_title(t) for code, t in titles.source_zh.items()}
    titles.en = {code: display_title(t) for code, t in titles.source_en.items()}
    for code in sorted({*titles.zh, *titles.en}):
        if len(code) > 4:
            titles.groups.setdefault(code[:4], []).append(code)
    return titles


def _subclasses(codes: list[str]) -> list[str]:
    out: list[str] = []
    for code in codes:
        try:
            sub = parse_ipc(code).subclass
        except InvalidValue:
            continue
        if sub not in out:
            out.append(sub)
    return out


def cn_title_examples(data_dir: Path) -> list[Example]:
    """The Chinese title → subclasses benchmark (folds 1–4 only; fold 5 is held out elsewhere)."""
    examples = []
    with open(_require(data_dir / CN_TITLES), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            subs = _subclasses(row["ipc_subclasses"].split("|"))
            if row["title"].strip() and subs:
                examples.append(
                    Example(row["title"], subs, "cn-title", "zh", row["publication_number"], int(row["fold"]))
                )
    return examples


def document_examples(data_dir: Path, *, claims: bool = True) -> list[Example]:
    """US grants (IPC-R), EPO and CN XML documents with IPC codes: title + abstract and, with ``claims``, the
    start of the claims (:data:`CLAIM_CHARS`) in the same language — the whole text of an application as a
    pre-examiner has it. Each file is read as ingest reads it (`ingest.service.read_records`)."""
    sources: list[tuple[str, list[Path]]] = [
        ("uspto", [data_dir / USPTO_GRANTS] if (data_dir / USPTO_GRANTS).exists() else []),
        ("epo", sorted((data_dir / EPO_DIR).rglob("*.xml"))),
        ("cn-xml", sorted((data_dir / CN_XML_DIR).glob("*.xml"))),
    ]
    examples: list[Example] = []
    for source, paths in sources:
        for path in paths:
            for rec in read_records(path):
                if not rec.ipc:
                    continue
                subs = _subclasses(rec.ipc)
                claim_text = "\n".join(c.text for c in rec.claims)[:CLAIM_CHARS] if claims else ""
                # English text where there is one (EP abstracts may be German or French: English title then;
                # an EP document's English claims are among its claims in other languages).
                if rec.language == "en":
                    examples.append(
                        Example(
                            _join(rec.title, rec.abstract, claim_text),
                            subs,
                            source,
                            "en",
                            rec.publication_number,
                        )
                    )
                elif rec.title_en:
                    english_claims = (
                        "\n".join(c.text for c in rec.claims_other_languages if c.lang == "en")[:CLAIM_CHARS]
                        if claims
                        else ""
                    )
                    examples.append(
                        Example(
                            _join(rec.title_en, english_claims), subs, source, "en", rec.publication_number
                        )
                    )
                if rec.language == "zh" and rec.title:
                    examples.append(
                        Example(
                            _join(rec.title, rec.abstract, claim_text),
                            subs,
                            source,
                            "zh",
                            rec.publication_number,
                        )
                    )
    return examples


def english_title_examples(data_dir: Path) -> list[Example]:
    """English titles with IPC codes from the WIPO Manual's sets (PATENTSCOPE, Lens, Espacenet exports; two
    topics: pizza and drones), read as ingest reads them. ``id`` is the family key, so that a split never puts
    members of one family on both sides: records sharing a first priority or a title (lower case, letters and
    digits only) are one family — each export writes priority numbers its own way (``KR20010069326``,
    ``200402236U``), so the title is what links the same family across exports. A family's repeated
    (title, subclasses) pairs are kept once."""
    folder = data_dir / WIPO_SETS
    if not folder.is_dir():
        return []
    rows: list[tuple[str, list[str], str, list[str]]] = []  # title, subclasses, source, linking keys
    for path in sorted(folder.glob("*.csv")):
        office = next((o for o in ("lens", "patentscope", "espacenet") if o in path.stem), "csv")
        for rec in read_records(path):
            subs = _subclasses(rec.ipc)
            title = (rec.title_en or rec.title or "").strip()
            if not subs or not title:
                continue
            keys = ["t:" + _TITLE_KEY.sub("", title.lower())]
            first = rec.priorities[0] if rec.priorities else None
            if first and first.number:
                number = first.number.upper().removeprefix((first.country or "").upper())
                keys.append(f"p:{first.country}{number}")
            else:
                keys.append(f"n:{rec.publication_number}")
            rows.append((title, subs, f"wipo-{office}", keys))
    family = _families([keys for *_, keys in rows])
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    examples: list[Example] = []
    for (title, subs, source, _links), fam in zip(rows, family, strict=True):
        key = (fam, title.lower(), tuple(subs))
        if key not in seen:
            seen.add(key)
            examples.append(Example(title, subs, source, "en", fam))
    return examples


_TITLE_KEY = re.compile(r"[^a-z0-9]+")


def _families(links: list[list[str]]) -> list[str]:
    """Union-find over records that share a key: each record's family, named by its family's first key."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for keys in links:
        for other in keys[1:]:
            a, b = root(keys[0]), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return [root(keys[0]).split(":", 1)[1] for keys in links]


def _join(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def title_examples(titles: IpcTitles, max_chars: int = 300) -> list[Example]:
    """One example per subclass and language: its title plus its main groups' titles, cut at ``max_chars``
    (so every subclass, seen in training or not, has words to be found by). The cut keeps these texts
    near title length: at 2,000 characters they held most of the training n-grams, slowed training 2x and
    measured slightly worse on Chinese titles (docs/benchmarks.md)."""
    examples = []
    for sub in titles.subclasses():
        for lang, table in (("zh", titles.source_zh), ("en", titles.source_en)):
            if sub not in table:
                continue
            groups = [clean_title(table[g]) for g in titles.groups.get(sub, []) if g in table]
            text = _join(clean_title(table[sub]), "；".join(groups))[:max_chars]
            examples.append(Example(text, [sub], f"ipc-title-{lang}", lang, sub))
    return examples


def group_examples(titles: IpcTitles) -> list[Example]:
    """One example per main group and language: its cleaned title, labelled with its subclass. Beside the
    one long text per subclass (``title_examples``) these give the SVM the scheme's wording title by title
    (fold 0: hit@3 +1.2 points; the fit takes ~3x longer)."""
    examples = []
    for sub in titles.subclasses():
        for group in titles.groups.get(sub, []):
            for lang, table in (("zh", titles.source_zh), ("en", titles.source_en)):
                text = clean_title(table.get(group, ""))
                if text:
                    examples.append(Example(text, [sub], f"ipc-group-{lang}", lang, group))
    return examples


def scheme_title_lines(data_dir: Path) -> list[tuple[str, str]]:
    """(subclass, cleaned title) of every main group and subgroup, Chinese (2026.01) and English (~2020):
    the lines the zero-shot ``SchemeMatcher`` compares a text with."""
    lines: list[tuple[str, str]] = []
    with open(_require(data_dir / IPC_ZH), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["kind"] in ("main_group", "subgroup"):
                lines.append((row["code"][:4], clean_title(row["title"])))
    with open(_require(data_dir / IPC_EN), encoding="utf-8", newline="") as fh:
        for line in fh:
            symbol, _, title = line.rstrip("\n").partition("\t")
            if len(symbol) == 14:  # a group in the packed form A01B0001020000
                lines.append((symbol[:4], clean_title(title)))
    return [(sub, text) for sub, text in lines if text]


def load_scopes(data_dir: Path) -> list[ScopeEntry]:
    """Every centre's pre-examination scope lines (``prefiling-scopes``)."""
    entries = []
    with open(_require(data_dir / SCOPES), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            entries.append(
                ScopeEntry(
                    row["centre"], row["scheme"], row["code"].strip(), row["title"], row.get("field") or None
                )
            )
    return entries


def iter_tsv_inputs(path: Path) -> Iterator[tuple[str, str]]:
    """``id``/``text`` rows of an input TSV (header required). Raises `BadInput` on a bad file."""
    if path.is_dir():
        raise BadInput(f"{path} is a directory: give one TSV file")
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t")
            if reader.fieldnames is None or not {"id", "text"} <= set(reader.fieldnames):
                raise BadInput(f"{path}: needs a header with columns 'id' and 'text' (tab-separated)")
            for line, row in enumerate(reader, start=2):
                if row.get("text") is None:
                    raise BadInput(f"{path}: line {line} has no 'text' column")
                yield row["id"] or "", row["text"]
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not UTF-8 text (byte {exc.start}); save the TSV as UTF-8") from None
    except csv.Error as exc:  # e.g. a field over the csv module's limit: not a TSV of texts
        raise BadInput(f"{path}: not a tab-separated file of texts ({exc})") from None
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}") from None
