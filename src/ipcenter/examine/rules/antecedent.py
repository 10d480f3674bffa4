"""Antecedent basis: a feature introduced with '所述X' ('said X') must have X earlier in the same claim or in a
claim up its reference chain (lack of antecedent basis makes a claim unclear, Patent Law Art. 26(4))."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache, partial

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.parser import fold
from ipcenter.examine.rules.base import CheckContext, ClaimSet, Family, Seed, nums, rule
from ipcenter.examine.rules.mutate import claim_texts, end_insert, with_claims

ANTECEDENT = rule(
    "CLM-ANTECEDENT",
    "warning",
    also_zh="专利法第二十六条第四款（缺乏引用基础）",
    also_en="Patent Law Art. 26(4) (lack of antecedent basis); 35 U.S.C. 112(b) / EPC Art. 84 for US/EP",
    what_zh="“所述X”在本权利要求及其引用的权利要求中没有在先记载",
    what_en="'所述X' / 'said X' without antecedent",
    us="35 U.S.C. 112(b); EPC Art. 84",
)

_QUANTIFIER = re.compile(
    r"^(?:至少|至多|其余|其他|其它|另一|相应的?|对应的?|相邻的?|任一|任意|全部|所有|各|每一?|"
    r"(?:[一二两三四五六七八九十\d]+|多|若干|数)[个根组对块条只件片层台种些部套位支道块]?)"
)
_TERM_PUNCT = re.compile(r"[，,。；;：:、（()）\s\[\]“”\"'/]")
# function words and verbs that end a term; looked for from the term's third character on, so that terms
# starting with them ('上盖', '内管', '外壳', '中心') survive
_TERM_STOP = re.compile(
    r"的|与|和|及|或|在|上|下|内|外|中|为|是|被|将|对|通过|之|包括|包含|设置|设有|连接|固定|安装|用于|采用|位于|具有|以|由|"
    r"从|向|至|经|均|分别|还|可|能|沿|使|呈|相|其|一端|两端|另一|通|靠|置|处|时|后|前|进行|输出|输入|得到|获取|根据|"
    # more verbs and adverbs that follow a feature in real claims (read in KPPatent claims)
    # (not verbs that also make nouns: 控制器, 存储器, 检测装置, 填充层…)
    r"选自|读取|发送|开启|关闭|利用|感测|制备|切断|承载|主要|获得|带来|判断|确定|实现|完成|形成|构成|组成|成为|作为|属于|"
    r"满足|小于|大于|等于|低于|高于|超过|达到|注入|加入|放入|置于|设于|处于|含有|有|无|未|所|并|且|也|又|都|各|每|该|"
    r"此|随|受|把|让|再|具体|一一|同一|不"
)


_SUOSHU = re.compile(r"所述(?:的)?")
# function words that end a term even as its second character ('所述烃为丙烷')
_FUNCTION_WORD = re.compile(r"[的为是和与或及在将被对以选占当已引期配按]")
_WORD_START = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_ORDINAL = re.compile(r"第[一二三四五六七八九十\d]")


def _occurs(x: str, before: str, after: str) -> bool:
    """Whether ``x`` occurs in ``before + after``, without joining them."""
    if x in before or x in after:
        return True
    k = len(x) - 1
    return k > 0 and x in before[-k:] + after[:k]


# What may follow an earlier-introduced prefix of the term without making the term another one (a cut that ran
# past the term: '所述主轴嵌入…', '所述按压数据确定…', '所述侧模板做往复…'):
# * a character that starts verbs, prepositions and adverbs but hardly nouns, an ordinal, a part or place of the
#   term ('所述集屑腔体第一端', '所述壳体侧壁', '所述支架顶端') or a step label ('所述步骤S1具体');
# * or, within its next two characters, one that ends a verb ('所述外罩罩设', '所述处理器电性连接', '所述X手动').
# A noun that starts after a known prefix ('所述语音存储模块' after '语音获取模块': '存储模块') is another term.
_CONTINUES = frozenset(
    "嵌插伸抵滑朝沿依均都各还可能被将使令对给从往靠贴紧绕焊粘卡扣铰连固安设具进得为是与和及或在以由其至通分于即再又也"
    "就才已正每做适起确执运删填并如优且更喷注解报过同挤拉推吸排流冷烘烤熔溶析滤洗冲刷涂镀印刻割覆卷展满超等"
    "控检驱调显电钻交构"
    "第一二两三四五六七八九十侧顶底端面壁部口边角心表外内上下前后左右中间周"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)
_VERB_END = re.compile(r"^.[^，]?[设置接装于至动合连定入出给开关向在到成]")
# a remainder that names a substance: another compound than the one introduced ('所述聚乙烯醇缩丁醛' after
# '聚乙烯醇'), whatever its first character
_SUBSTANCE = re.compile(r"^.{0,3}(?:[醛醇酸酯烷烯炔苯酮醚胺酚腈脲铵]|树脂)")


# What may follow a prefix of the term that does occur earlier without making the term another one: a verb or a
# preposition the stop list does not know ('所述主轴嵌入…', '所述按压数据确定…', '所述侧模板做往复…'), an ordinal or
# a part or place of it ('所述集屑腔体第一端', '所述壳体侧壁', '所述支架顶端'). First characters only; a noun that
# starts with one of them after a known prefix ('所述温度传感器' after '温度') goes unreported — the price of not
# reporting every over-long cut.
_CONTINUATION = frozenset(
    "嵌插伸套抵滑转配选含占经置放开形构组呈采压带驱控检获发接根相向朝沿依均都各还可能被将使令对给从往靠贴紧绕焊粘卡扣"
    "铰连固安设包具进输得作用为是与和及或在以由其至通分喷做适起小大确手活承执运删存限填制感并所有未传切主混如优且更装"
    "出升降打启停读写送收取加减增除去移旋摆振拉推挤吸排流冷热烘烤烧熔溶析滤洗冲刷涂镀印刻割覆卷展膨变生产合反聚交硬干"
    "浸搅研筛称测监采显处计判比识调整满超低高等大于小于即再又也就才已正即每第一二两三四五六七八九十"
    "侧顶底端面壁部口边角心表外内上下前后左右中间周"
)
# a remainder that names a substance: the term is another compound than the one introduced ('所述聚乙烯醇缩丁醛'
# after '聚乙烯醇'), whatever its first character
_SUBSTANCE = re.compile(r"^.{0,3}(?:[醛醇酸酯烷烯炔苯酮醚胺酚腈脲铵]|树脂)")


def _basis(term: str, need: int, before: str, prefix: str) -> bool:
    """Whether ``term`` has an antecedent: it occurs earlier, or a prefix of it of at least ``need`` characters
    does and what follows that prefix in the term continues the sentence rather than another noun ('所述弹性件'
    after '弹性补充件': '弹性' is followed by '件' — no basis)."""
    if _occurs(term, before, prefix):
        return True
    for k in range(len(term) - 1, need - 1, -1):
        if not _occurs(term[:k], before, prefix):
            continue
        rest = term[k:]
        if _SUBSTANCE.match(rest):
            return False
        # a verb or place word, or a word the text uses on its own ('所述存储器存储…', '所述列车减速…' with 减速
        # written before): the cut ran past the term
        if (
            rest[0] in _CONTINUES
            or _VERB_END.match(rest)
            or (len(rest) > 1 and _occurs(rest[:2], before, prefix))
        ):
            return True
    return False


def _terms_zh(c: ClaimNode, text: str) -> Iterator[tuple[int, int, str]]:
    """(where '所述' stands, where the term starts, the term) for every '所述X' of a Chinese claim."""
    for m in _SUOSHU.finditer(text, c.body_start):
        # the '所述' of a reference phrase ('权利要求1所述的装置') introduces the subject, not a feature
        if any(r.start <= m.start() <= r.end + 4 for r in c.references):
            continue
        rest = text[m.end() : m.end() + 16]
        q = _QUANTIFIER.match(rest)
        start = m.end() + (q.end() if q else 0)
        rest = text[start : start + 16]
        punct = _TERM_PUNCT.search(rest)
        rest = rest[: punct.start()] if punct else rest
        if rest.startswith("的"):
            continue
        stop = _TERM_STOP.search(rest, 2) or _FUNCTION_WORD.search(rest, 1, 2)
        term = rest[: stop.start()] if stop else rest
        if len(term) >= 2 and _WORD_START.match(term):
            yield m.start(), start, term


def _antecedent_zh(c: ClaimNode, cache: ClaimSet, i: int) -> Iterator[Finding]:
    text = fold(c.text)
    number = c.number or 0
    chain = cache.context(number)
    # a claim depending on several claims in the alternative must find the term whichever it is read with
    branches = {t: cache.branch(t) for t in c.depends_on} if len(c.depends_on) > 1 else {}
    for at, start, term in _terms_zh(c, text):
        need = 3 if _ORDINAL.match(term) else 2
        prefix = text[c.body_start : at]
        if not _basis(term, need, chain, prefix):
            when_zh, why_zh, when_en = "", f"此前未出现“{term}”", ""
        else:
            lacking = [t for t, context in branches.items() if not _basis(term, need, context, prefix)]
            if not lacking:
                continue
            when_zh = f"在引用权利要求{nums(lacking)}时"
            why_zh = f"该权利要求及其引用的权利要求中未出现“{term}”"
            when_en = f" when the claim is read with claim(s) {nums(lacking)}"
        yield ANTECEDENT.finding(
            c,
            start,
            start + len(term),
            f"“所述{term}”{when_zh}缺乏引用基础（{why_zh}）",
            f"'所述{term}' has no antecedent{when_en}",
            index=i,
        )


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# words that end the noun phrase after 'said'
_EN_STOP = _word_set(
    "of to and or in on is are be being has have wherein with for from at by that which when so as into "
    "onto between through comprising including having each via such than further comprises includes "
    "configured was were not whereby thereof therein thereto within over under about"
)

# 'said' + these is an idiom or an inherent feature, not a feature needing an antecedent
_EN_IDIOM = _word_set(
    "same other group range presence absence form amount steps step following total number time end use "
    "art like basis case purpose order type manner extent sum ratio rest remainder world user one two "
    "first second third direction longitudinal outside inside top bottom front rear left right surface "
    "level length width height thickness weight size shape position location center centre middle "
    "interior exterior side axis plane method process apparatus device system composition invention "
    "claim claims desired predetermined entire whole respective corresponding plurality at least"
)


_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")
_CLOSES_PHRASE = re.compile(r"[,.;:()]")


@lru_cache(maxsize=16384)
def _words(text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text))


def _stem(w: str) -> str:
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


@lru_cache(maxsize=16384)
def _stems(text: str) -> frozenset[str]:
    """Stemmed words of one (folded) claim: the antecedent context it gives the claims that cite it."""
    return frozenset(_stem(w) for w, _, _ in _words(text))


def _context_stems(cache: ClaimSet, number: int) -> frozenset[str]:
    by_number = cache.by_number
    parts = [_stems(fold(by_number[a].text)) for a in cache.ancestors(number) if a in by_number]
    return frozenset().union(*parts)


def _antecedent_en(c: ClaimNode, context: Callable[[], frozenset[str]], i: int) -> Iterator[Finding]:
    if "said" not in c.text.lower():
        return
    words = _words(c.text)
    ctx_words: frozenset[str] | None = None
    first_at: dict[str, int] = {}  # stem → index of its first word in this claim (the words before 'said')
    for k, (w, _s, _e) in enumerate(words):
        first_at.setdefault(_stem(w), k)
    skip_until = max((r.end for r in c.references), default=0)
    for k, (w, s, _e) in enumerate(words):
        # only 'said' is checked: 'the X' is also used for inherent features ('the outer periphery of said core',
        # MPEP 2173.05(e)), so flagging it would cry wolf
        if w != "said" or s < c.body_start or k == 0 or s < skip_until:
            continue
        phrase: list[tuple[str, int, int]] = []
        for w2, s2, e2 in words[k + 1 : k + 5]:
            if w2 in _EN_STOP or w2 in ("said", "the", "a", "an"):
                break
            phrase.append((w2, s2, e2))
            if _CLOSES_PHRASE.search(c.text[e2 : e2 + 1]):
                break
        if not phrase or phrase[0][0] in _EN_IDIOM:
            continue
        if ctx_words is None:
            ctx_words = context()
        # earlier = the chain's words and this claim's words before 'said' (words[:k])
        if any(_stem(x) in ctx_words or first_at.get(_stem(x), k) < k for x, _, _ in phrase):
            continue
        term = c.text[phrase[0][1] : phrase[-1][2]]
        yield ANTECEDENT.finding(
            c,
            s,
            phrase[-1][2],
            f"“{w} {term}”缺乏引用基础",
            f"'{w} {term}' has no antecedent basis",
            index=i,
        )


def check_antecedents(claims: Sequence[ClaimNode], cache: ClaimSet | None = None) -> Iterator[Finding]:
    cache = cache or ClaimSet(claims)
    existing = cache.by_number.keys()
    broken = {n for n, c in cache.by_number.items() if any(t >= n or t not in existing for t in c.cited)}
    for i, c in enumerate(claims):
        number = c.number
        if number is None or number in broken or any(a in broken for a in cache.ancestors(number)):
            continue  # a broken reference chain already has its own finding; antecedents would only echo it
        if c.lang == "zh":
            yield from _antecedent_zh(c, cache, i)
        elif c.lang == "en":
            yield from _antecedent_en(c, partial(_context_stems, cache, number), i)


def check(ctx: CheckContext) -> Iterator[Finding]:
    return check_antecedents(ctx.claims, ctx.claim_set)


def seed_antecedent(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    """'所述X' at the end of the last claim, X a feature none of whose two-character pieces occurs in the claims."""
    whole = "".join(c.text for c in parsed)
    term = next(
        (
            t
            for t in ("棘轮", "蜗杆副", "光栅尺", "缓冲弹簧", "锁舌", "滤芯")
            if not any(t[k : k + 2] in whole for k in range(len(t) - 1))
        ),
        None,
    )
    if term is None:
        return None
    cl = claim_texts(app)
    cl[-1] = end_insert(parsed[-1].text, f"，所述{term}可拆卸")
    return with_claims(app, cl), parsed[-1].number


FAMILY = Family("antecedent", (ANTECEDENT,), check, {ANTECEDENT.id: seed_antecedent})


def clear_caches() -> None:
    _words.cache_clear()
    _stems.cache_clear()
