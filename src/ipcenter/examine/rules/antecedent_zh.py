"""Antecedent basis of '所述X' in Chinese claims: where the term X ends, whether the claim or its reference chain
introduces it, along every chain a multiple dependency allows, and what the warning shows a pre-examiner (the
claims looked in, where X is introduced instead, the nearest earlier wording).

S is the text after '所述' (quantifiers and '所…的' left out) up to punctuation; the stop words cut it to a first
reading of the term. That cut occurring earlier (in the claim before '所述' or up its chain) is a basis. Otherwise P,
the longest start of S found earlier that the claims use as a term (written before punctuation, 的, 和, 包括… —
'被控装置', not '被控装置进入'), is read with R, the rest of S:

* R an attribute, amount or part of what P names (温度, 浓度, 用量, 工序, 涂布干量, 轴心线, 侧壁, 整体…: '所述干燥温度'
  after the step 干燥) or a place, function or stop word — P is the basis;
* R starting with a noun the claims introduce elsewhere ('所述载体控制信号' with '一个或多个控制信号' in another
  claim, '所述语音存储模块' after '声音存储模块') — the term is P and that noun, and has no basis;
* P a term of the claims — the basis ('所述载体改变…', '所述主干轴对称'; jieba's tags of technical verbs are too
  unreliable to ask more of R);
* else no basis ('所述弹性件' after '弹性补充件': 弹性 only occurs inside longer words).

A term without basis is still accepted when it is a formula's symbol, a name of the claim's own subject or of a
claim up its chain ('所述双钙钛矿材料' for '…双钙钛矿黄光材料'), the parts of a coordinated or contained phrase
('表面活性剂型和聚合物型降凝剂', '第二分流设施包括井体结构', '第二对横向间隔开的粘合剂条'), a step named in other
words ('所述在低于玻璃软化点的温度下' for '在温度低于玻璃软化点的条件下'), or what follows 的 in a step-like span
('所述带有透水孔的内筒').
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ipcenter.examine.models import ClaimNode
from ipcenter.examine.parser import fold
from ipcenter.examine.rules.base import ClaimSet, nums
from ipcenter.examine.rules.subject import norm_name, shortened

_QUANTIFIER = re.compile(
    r"(?:(?:一|[\d]+)[个种根组条]?或(?:多|更多|两|以上)[个种根组条]?|至少|至多|其余|其他|其它|另一|相应的?|对应的?|相邻的?|"
    r"任一|任意|全部|所有|各|每一?|一部分|部分|"
    r"(?:[一二两三四五六七八九十\d]+|若干|数)[个根组对块条只件片层台种些部套位支道块]|多[个根组对块条只件片层台种些部套位支道块]?)"
)
_TERM_PUNCT = re.compile(r"[，,。；;：:、（()）\s\[\]“”\"'/]|所述|该")
# function words and verbs that end a term (the cut used for a term nothing in the claims starts); looked for
# from the term's third character on, so that terms starting with them ('上盖', '内管', '外壳', '中心') survive
_TERM_STOP = re.compile(
    r"的|与|和|及|或|在|上|下|内|外|中|为|是|被|将|对|通过|之|包括|包含|设置|设有|连接|固定|安装|用于|采用|位于|具有|以|由|"
    r"从|向|至|经|均|分别|还|可|能够|沿|使|呈|相|其|一端|两端|另一|通过|靠|布置|放置|置于|时|后|前|进行|输出|输入|得到|"
    r"获取|根据|基于|当(?!量)|"
    r"选自|读取|发送|开启|关闭|利用|感测|制备|切断|承载|主要|获得|带来|判断|确定|实现|完成|形成|构成|组成|成为|作为|属于|"
    r"满足|小于|大于|等于|低于|高于|超过|达到|注入|加入|放入|置于|设于|处于|含有|有|无|未|所|并|且|也|又|都|各|每|"
    r"此|随|受|把|让|再|具体|一一|同一|不|如下|到|优选|大约|进一步|诸如|例如|比如|彼此|相互"
)
_FUNCTION_WORD = re.compile(r"[的为是和与或及在将被对以选占当已引期配按中由来]")
_WORD_START = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ORDINAL = re.compile(r"第[一二三四五六七八九十\d]")
_SUOSHU = re.compile(r"所述(?:的)?")
_ORDINAL_WORD = re.compile(r"第[一二三四五六七八九十\d]+[对组个根条块层排]?")
_ORDINALS = re.compile(r"(第[一二三四五六七八九十\d]+)(?:[和与及、或]第[一二三四五六七八九十\d]+)+")
# a formula's symbol ('所述T₁、T₂…', '所述R₂为氢'): formulas are often drawings the text does not carry
_SYMBOL = re.compile(r"^[A-Za-zα-ωΑ-Ω][A-Za-z0-9₀-₉⁰-⁹'′]{0,3}(?:[-~～—][A-Za-z0-9₀-₉⁰-⁹'′]{0,3})?$")
# a step named by its label ('所述步骤S3' for 'S3:', '所述步骤(2)'): its label is its basis
_STEP_LABEL = re.compile(
    r"^(?:步骤\s*([A-Za-z]\d*|\d+|[一二三四五六七八九十]+|[(（][\dA-Za-z]+[)）])|([A-Za-z]\d+)\s*步骤)"
)

# attributes and parts of whatever the term before them names: '所述干燥温度' (the step 干燥 introduced),
# '所述溶液浓度', '所述蜗杆轴心线', '所述高支模整体', '所述催化剂活性组分'
_ATTRIBUTE = re.compile(
    r"^(?:温度|浓度|时间|时长|压力|压强|速度|速率|转速|流速|流量|用量|含量|加入量|添加量|比例|配比|比值|质量|重量|体积|"
    r"厚度|长度|宽度|高度|深度|直径|半径|粒径|粒度|孔径|内径|外径|方式|方法|工艺|次数|频率|功率|电压|电流|pH值?|PH值?|"
    r"黏度|粘度|湿度|密度|条件|参数值|数值|整体|组分|化学成分|成分|活性组分|数量|大小|尺寸|形状|位置|方向|面积|表面|"
    r"轴心线|轴线|法线|过程|阶段|工序|程序|升温程序|制度|曲线|"
    r"中心线|中心|端面|端部|顶部|底部|顶端|底端|侧壁|内壁|外壁|侧面|周边|边缘|外周|内周|截面)"
)
# the same, ending a few words after the term ('所述定型机进料速度', '所述外桶圆周面', '所述树脂软化点', '所述盘条
# 晶粒度'): a property or surface of what the term names, which it has without being introduced
_ATTRIBUTE_END = re.compile(_ATTRIBUTE.pattern.removeprefix("^") + r"$|[面度率点值性]$")
# the parts of what the claim is about, named on their own ('将所述各组分混合'); not '所述方法', which needs a method
_PARTS = re.compile(r"组分|成分|化学成分|活性组分|原料组分")
# a quantity named on its own refers to the values the claims state ('加入所述用量的酸用稠化剂')
_QUANTITY = re.compile(
    r"用量|含量|加入量|添加量|温度|浓度|时间|时长|压力|比例|配比|质量|重量|体积|厚度|长度|宽度|高度|直径|粒径|次数|数量"
)
# a place, ordinal or part word right after the term: '所述集屑腔体第一端', '所述壳体侧壁', '所述外壳内设有'
_PLACE = frozenset("第一二两三四五六七八九十侧顶底端面壁部口边角心表外内上下前后左右中间周")
# part-of-speech tags (jieba) of a word that continues the sentence after a term: verbs, prepositions, adverbs,
# conjunctions, particles, pronouns, directions, numerals
_CONTINUING_TAGS = ("v", "p", "d", "c", "u", "r", "f", "m", "y", "e", "o", "ad", "vd")
# '所述涂布干量', '所述加料量': an amount of what the term before it names
_AMOUNT = re.compile(r"^[\u4e00-\u9fff]{0,2}量$")
# '所述抄纸处理时': when it is done
_WHEN = re.compile(r"^.{1,4}时$")
# what follows a verb, not a noun: '涂覆在', '布置于', '加入到'
_COMPLEMENT = frozenset("在于到至成入出向给")
_BEFORE_A_NUMBER = frozenset(
    ("至少", "至多", "其余", "其他", "其它", "另一", "各", "每", "每一", "所有", "全部")
)
_NOT_COMPLEMENT = frozenset(("至少", "至多", "出口", "入口", "成分", "成品", "出料", "进料", "向量"))
# what comes right before a noun phrase the claims introduce ('一个或多个控制信号', '包括驱动电机', '的声音存储模块')
_INTRODUCING = frozenset("个种只根条块台套组对的和与及或、有括含为是成")
# a measure word introduces only after a number ('一套', '多个'); '收膏套' ends in one
_MEASURE = frozenset("个种只根条块台套组对")
_NUMBER_BEFORE = frozenset("一二两三四五六七八九十百多几数若干每各某0123456789")


def _introduces(lead: str, back: int) -> bool:
    ch = lead[back]
    if ch in _MEASURE:
        return back > 0 and lead[back - 1] in _NUMBER_BEFORE
    return ch in _INTRODUCING


# what ends a noun phrase for certain (not 内, 上…: '内容', '上盖' go on)
_PHRASE_END = re.compile(r"[，,。；;：:、（()）\s的和与及或为是]")
# what may follow a term where it is used on its own ('所述主干的宽度', '主干和支干')
_BOUNDARY = re.compile(r"[，,。；;：:、（()）\s的和与及或为是在上下内外中]")


@lru_cache(maxsize=16384)
def _tags(text: str) -> tuple[tuple[str, str], ...]:
    import rjieba  # a second to load its dictionary: only when a term needs it

    return tuple(rjieba.tag(text))


def _noun_phrase(text: str) -> bool:
    """Whether ``text`` is one noun phrase: no function word, a noun at its end (not a verbal noun: 移动, 设置)."""
    tags = _tags(text)
    if not tags or tags[-1][1] == "vn" or not tags[-1][1].startswith(("n", "l", "j")):
        return False
    return all(not t.startswith(("p", "u", "c", "d", "r", "y", "e", "o", "f")) for _, t in tags)


@dataclass
class Reading:
    """How one '所述X' reads: the term shown, whether it has a basis, and the earlier text that gives it."""

    term: str
    basis: bool
    anchor: str = ""  # the earlier text that is the basis (for the check along each chain)
    nearest: str = ""  # when there is none: the nearest earlier wording ('弹性补充件')
    why: str = ""  # which reading decided (for tests and debugging)


class SetText:
    """The claim set's text, to ask where a string is used: every claim folded, once."""

    def __init__(self, cache: ClaimSet) -> None:
        self.cache = cache
        self.texts = {n: fold(c.text) for n, c in cache.by_number.items()}
        self.whole = "\n".join(self.texts.values())
        self._terms: dict[str, bool] = {}

    def introduced_in(self, x: str, besides: int) -> list[int]:
        """Claims other than ``besides`` where ``x`` is written without 所述/该 before it (introduced there)."""
        out = []
        for n, text in self.texts.items():
            if n == besides:
                continue
            at = text.find(x)
            while at >= 0:
                if not text[max(0, at - 3) : at].endswith(("所述", "所述的", "该", "上述")):
                    out.append(n)
                    break
                at = text.find(x, at + 1)
        return out

    def ends_phrase(self, x: str, introduced: bool = False) -> bool:
        """Whether ``x`` ends a noun phrase the claims introduce somewhere: followed by punctuation, 的, 和…, and
        with an introducing word (个, 种, 的, 和, 包括, 设有…) or (unless ``introduced`` is asked for) a clause start
        a few characters before it, and no 所述/该 in between ('…一个或多个控制信号，', '存储声音提示的声音存储模块，';
        not '所述警报消息提供紧急事件的')."""
        at = self.whole.find(x)
        while at >= 0:
            after = at + len(x)
            if _PHRASE_END.match(self.whole, after) or after == len(self.whole):
                lead = self.whole[max(0, at - 8) : at]
                for back in range(len(lead) - 1, -1, -1):
                    ch = lead[back]
                    if lead[max(0, back - 1) : back + 1] == "所述" or ch == "该":
                        break
                    if _introduces(lead, back) or (not introduced and not _WORD_START.match(ch)):
                        return True
            at = self.whole.find(x, at + 1)
        return False

    def introduced_after(self, number: int, x: str, at: int) -> bool:
        """Whether claim ``number`` writes ``x`` without 所述/该 after position ``at`` (introduces it later)."""
        text = self.texts.get(number, "")
        k = text.find(x, at)
        while k >= 0:
            if not text[max(0, k - 3) : k].endswith(("所述", "所述的", "该", "上述")):
                return True
            k = text.find(x, k + 1)
        return False

    def is_term(self, x: str) -> bool:
        found = self._terms.get(x)
        if found is None:
            found = self._terms[x] = self._is_term(x)
        return found

    def _is_term(self, x: str) -> bool:
        """Whether the claims use ``x`` as a term: somewhere before punctuation, 的, 和, 上, 内, 包括… ('所述用户终端，'
        has 终端; '所述主干的宽度'); a word that can be a verb ('连接' of '固定连接，') only after 所述/该, a quantifier
        or a word that introduces features (个, 种, 的, 和, 包括…). 弹性 of '弹性补充件' alone is none."""
        verb = len(_tags(x)) == 1 and _tags(x)[0][1] == "v"
        at = self.whole.find(x)
        while at >= 0:
            after = at + len(x)
            if (
                _BOUNDARY.match(self.whole, after)
                or _TERM_STOP.match(self.whole, after)
                or after == len(self.whole)
            ):
                lead = self.whole[max(0, at - 2) : at]
                if (
                    not verb
                    or not lead
                    or lead.endswith(("所述", "该"))
                    or _introduces(lead, len(lead) - 1)
                    or not _WORD_START.match(lead[-1])
                ):
                    return True
            at = self.whole.find(x, at + 1)
        return False


def _occurs(x: str, before: str, prefix: str) -> bool:
    """Whether ``x`` occurs in ``before + prefix``, without joining them."""
    if x in before or x in prefix:
        return True
    k = len(x) - 1
    return k > 0 and x in before[-k:] + prefix[:k]


def terms(c: ClaimNode, text: str) -> Iterator[tuple[int, int, str, str]]:
    """(where '所述' stands, where the term starts, the text after it up to punctuation, the term as the stop
    words cut it) for every '所述X' of a Chinese claim."""
    for m in _SUOSHU.finditer(text, c.body_start):
        # the '所述' of a reference phrase ('权利要求1所述的装置', '执行所述权利要求1至10任一项中所述的方法')
        if any(r.start <= m.start() <= r.end + 4 for r in c.references) or text.startswith(
            "权利要求", m.end()
        ):
            continue
        start = m.end()
        q = _QUANTIFIER.match(text, start, start + 12)
        if q:
            start = q.end()
            if q.group(0) in _BEFORE_A_NUMBER and (q2 := _QUANTIFIER.match(text, start, start + 12)):
                start = q2.end()  # '所述至少一个发射器'
        rest = text[start : start + 20]
        if rest.startswith("所") and (of := rest.find("的")) > 0:
            start += of + 1  # '所述所接收的区域背光元数据': the feature is what follows 的
            rest = text[start : start + 20]
        # '所述第一和第二方向': the first of the ordinals with the noun they share
        ordinals = _ORDINALS.match(rest)
        if ordinals:
            rest = rest[: ordinals.end(1)] + rest[ordinals.end() :]
        label = _STEP_LABEL.match(rest)
        punct = _TERM_PUNCT.search(rest)
        span = label.group(0) if label else (rest[: punct.start()] if punct else rest)
        if span.startswith("的") or len(span) < 2 or not _WORD_START.match(span):
            continue
        # an ordinal keeps its measure word ('第三对粘合剂条', '第二组'); a symbol ends where Chinese starts
        from_ = 3 if _ORDINAL.match(span) else (1 if span[0].isascii() else 2)
        early = _TERM_STOP.match(span, 1)  # '所述酸包括盐酸'
        stops = (
            _TERM_STOP.search(span, from_),
            _FUNCTION_WORD.search(span, 1, 2),
            early if early and len(early.group(0)) > 1 else None,
        )
        cuts = [x.start() for x in stops if x]
        cut = span if label else (span[: min(cuts)] if cuts else span)
        if len(cut) >= 2:
            yield m.start(), start, span, cut


def _nearest(p: str, before: str, prefix: str) -> str:
    """The earlier word that starts with ``p`` ('弹性' → '弹性补充件'), for the warning."""
    for text in (prefix, before):
        at = text.rfind(p)
        if at >= 0:
            end = at + len(p)
            while end < len(text) and end - at < len(p) + 8 and not _BOUNDARY.match(text, end):
                end += 1
            return text[at:end]
    return p


def read_term(
    span: str,
    cut: str,
    before: str,
    prefix: str,
    names: Callable[[], set[str]],
    sets: SetText,
    chains: bool = True,
) -> Reading:
    """Whether '所述' + ``span`` has a basis in ``before`` (the chain) and ``prefix`` (the claim before it);
    ``names`` are the subject names of the claim and its chain (a term naming one of them has its basis).
    ``chains``: whether the basis will be looked for along each chain (then its anchor is worked out)."""
    if _QUANTITY.fullmatch(cut) or _PARTS.fullmatch(cut):
        # '所述用量', '所述温度': the amounts, values stated; '所述各组分': the parts of what the claim is about
        return Reading(cut, True, "", why="quantity")
    need = 3 if _ORDINAL.match(span) else 2
    if len(cut) >= need and _occurs(cut, before, prefix):
        return Reading(cut, True, _anchor(cut, before, prefix, sets) if chains else cut, why="cut")
    label = _STEP_LABEL.match(span)
    if label and _occurs(label.group(1) or label.group(2), before, prefix):
        return Reading(label.group(0), True, label.group(1) or label.group(2), why="step label")
    found = [span[:k] for k in range(len(span), need - 1, -1) if _occurs(span[:k], before, prefix)]
    # the longest start found earlier that the claims use as a term ('被控装置', not '被控装置进入'), else the
    # longest, without a function word at its end ('所述紧急事件的预定数量': 紧急事件, found as '紧急事件的指示')
    p = next((x for x in found if sets.is_term(x)), found[0] if found else "")
    while p and _FUNCTION_WORD.match(p[-1]):
        p = p[:-1]
    rest = span[len(p) :]
    if len(p) >= need:
        anchor = _anchor(p, before, prefix, sets) if chains else p
        if not rest:
            return Reading(p, True, anchor, why="whole")
        cut_rest = cut[len(p) :] if cut.startswith(p) else rest
        if _ATTRIBUTE.match(rest) or _AMOUNT.match(cut_rest):
            return Reading(p, True, anchor, why="attribute")
        words = _noun_start(rest, "")
        if (
            2 <= len(words) <= 5
            and _ATTRIBUTE_END.search(words)
            and _noun_phrase(words)
            and not sets.introduced_in(p + words, -1)  # '所述EGR阀开度' written in a claim not cited: a term
        ):
            return Reading(p, True, anchor, why="attribute at the end")
        if rest[0] in _PLACE or _TERM_STOP.match(rest) or _FUNCTION_WORD.match(rest) or _WHEN.match(rest):
            return Reading(p, True, anchor, why="stop")
        head = _head_noun(rest, sets)
        if not head and (_QUANTITY.fullmatch(p) or _PARTS.fullmatch(p)):
            return Reading(p, True, "", why="quantity")  # '所述各组分混合在一起'
        if head and _relative_clause(rest):
            return Reading(p, True, anchor, why="relative clause")
        if head and not _verb_and_object(rest, before, prefix, sets):
            return _no_basis(span, p, p + head, before, prefix, names, "compound")
        if sets.is_term(p) or _verb_after(p, rest, before, prefix):
            # a term the claims use on its own ('所述载体改变…', '所述主干轴对称'): what follows goes on with the
            # sentence (jieba's tags of technical verbs are too unreliable to say more)
            return Reading(p, True, anchor, why="term")
        shown = min((x for x in (cut, _noun_start(span, p)) if len(x) > len(p)), key=len, default=span)
        return _no_basis(span, p, shown, before, prefix, names, "noun")
    # an ordinal with its measure word is one word ('第一对粘合剂条', not '第一')
    ordinal = _ORDINAL_WORD.match(cut)
    lead = ordinal.group(0) if ordinal else ""
    shown = lead + _noun_start(cut[len(lead) :], "") if len(cut) > 4 else cut
    return _no_basis(span, p, shown, before, prefix, names, "none")


_RELATIVE = re.compile(r"^([\u4e00-\u9fff]{2,4})的[\u4e00-\u9fff]")


def _relative_clause(rest: str) -> bool:
    """Whether ``rest`` is a verb closing a relative clause about the term ('所述服务器通信的影像设备', '所述云端
    服务器存储的绑定关系'): one word that jieba reads as a verb (or an abbreviation, as it tags 通信 and 存储), then 的."""
    m = _RELATIVE.match(rest)
    if not m:
        return False
    tags = _tags(m.group(1))
    return len(tags) == 1 and tags[0][1] in ("v", "vd", "j")


def _verb_after(p: str, rest: str, before: str, prefix: str) -> bool:
    """Whether a noun phrase found earlier is followed by a verb of two characters or more ('所述电机带动…',
    '所述终端调度…'): the sentence goes on, even where the claims only ever write the term before verbs."""
    tags = _tags(rest[:8])
    if not tags or tags[0][1] != "v" or len(tags[0][0]) < 2 or not _noun_phrase(p):
        return False
    # not a verbal modifier of a noun after it ('所述载体控制信号', '所述目标维修记录'): the verb is followed by 所述,
    # a function word or punctuation
    following = rest[len(tags[0][0]) :]
    return (
        not following
        or following.startswith(("所述", "该"))
        or not _tags(following[:6])[0][1].startswith("n")
    )


def _verb_and_object(rest: str, before: str, prefix: str, sets: SetText) -> bool:
    """Whether ``rest`` opens with a verb whose object has its basis earlier ('所述收膏套远离进缆部的一端',
    '所述袜子3D图形编织袜子'): a verb phrase about the term, not a noun making another term."""
    tags = _tags(rest[:10])
    if len(tags) < 2 or tags[0][1] != "v" or len(tags[0][0]) < 2:
        return False
    # the object: the noun words after the verb ('进缆部' of '远离进缆部的一端')
    words: list[str] = []
    for word, tag in tags[1:]:
        if not tag.startswith("n"):
            break
        words.append(word)
    obj = "".join(words)
    # the object introduced earlier on its own, and the verb with it no phrase the claims introduce ('一个或多个控制
    # 信号' makes '控制信号' a term)
    return (
        len(obj) >= 2
        and _occurs(obj, before, prefix)
        and not sets.ends_phrase(tags[0][0] + obj, introduced=True)
    )


def _anchor(found: str, before: str, prefix: str, sets: SetText) -> str:
    """The shortest start of ``found`` (what occurs earlier) that the claims use as a term and that a verb
    follows: the feature itself, for the reading along each chain ('主体件' of '主体件转动'; '故障编号' stays)."""
    for k in range(3 if _ORDINAL.match(found) else 2, len(found)):
        head, rest = found[:k], found[k:]
        if not (sets.is_term(head) and _occurs(head, before, prefix)):
            continue
        if _TERM_STOP.match(rest) or _FUNCTION_WORD.match(rest):
            return head
        if _tags(rest[:6])[0][1] == "v" and not (_noun_phrase(rest) and sets.ends_phrase(rest)):
            return head
    return found


def _noun_start(span: str, p: str) -> str:
    """The term without basis: ``p`` and the noun words after it ('弹性' + '件' in '弹性件设置于')."""
    rest = span[len(p) :]
    words: list[str] = []
    for word, tag in _tags(rest[:10]):
        if tag.startswith(_CONTINUING_TAGS) and tag != "vn" and words:
            break
        words.append(word)
    return p + "".join(words)[: len(rest)]


def _head_noun(rest: str, sets: SetText) -> str:
    """The longest start of ``rest`` that the claims use as the end of a noun phrase elsewhere ('控制信号' in
    '生成一个或多个控制信号，', '存储模块' in '声音存储模块，'), or ''."""
    end = _TERM_PUNCT.search(rest)
    rest = rest[: end.start()] if end else rest
    for k in range(min(len(rest), 6), 1, -1):
        head = rest[:k]
        if rest[k : k + 1] and rest[k] in _COMPLEMENT and rest[k : k + 2] not in _NOT_COMPLEMENT:
            continue  # a verb with its complement ('涂覆在', '布置于', '交联在')
        if head.endswith("时"):
            continue  # '…运行时': when it runs
        verb_first = _tags(head)[0][1] in ("v", "vn")
        if _noun_phrase(head) and sets.ends_phrase(head, introduced=verb_first):
            return head
    return ""


# a step named after its wording, by a preposition ('所述在低于玻璃软化点的温度下…' for '在温度低于玻璃软化点的条件
# 下'): most of its two-character pieces occur earlier
_STEP_OPENING = re.compile(r"^(?:在|于|将|对|从|向|经|由|按照|根据|通过)")


def _paraphrased_step(span: str, before: str, prefix: str) -> bool:
    pieces = [span[k : k + 2] for k in range(1, len(span) - 1)]
    if len(pieces) < 4:
        return False
    return sum(_occurs(x, before, prefix) for x in pieces) >= 0.8 * len(pieces)


# '表面活性剂型和聚合物型降凝剂' introduces 表面活性剂型降凝剂; '以阳极氧化铝纳米管阵列作为载体' introduces the
# 阳极氧化铝载体
_COORDINATED = re.compile(r"和|与|及|或|、|作为")
_CONTAINS = frozenset(("包括", "包含", "设有", "具有"))
# ('第二对横向间隔开的粘合剂条' introduces the 第二对粘合剂条)


def _modifier(gap: str) -> bool:
    """Whether ``gap`` describes (横向间隔开的), not owns (燃烧器的 names another thing): it ends in 的 after a word
    that is no noun."""
    if not gap.endswith("的") or len(gap) < 2:
        return False
    tags = _tags(gap[:-1])
    return bool(tags) and not tags[-1][1].startswith(("n", "l", "j"))


def _coordinated(term: str, before: str, prefix: str) -> str:
    """The start of ``term`` when it and the end of ``term`` occur close together earlier, joined by a
    conjunction; else ''."""
    for k in range(2, len(term) - 1):
        start, end = term[:k], term[k:]
        for text in (prefix, before):
            at = text.find(start)
            while at >= 0:
                window = text[at + k : at + k + 14]
                j = window.find(end)
                gap = window[:j]
                if (
                    j > 0
                    and not _TERM_PUNCT.search(gap.replace("、", ""))
                    and (
                        gap in _CONTAINS
                        or (
                            _COORDINATED.search(gap)
                            and len(gap) <= 8
                            and not any(w in gap for w in _CONTAINS)
                        )
                        or _modifier(gap)
                    )
                ):
                    return start
                at = text.find(start, at + 1)
    return ""


def _no_basis(
    span: str, p: str, term: str, before: str, prefix: str, names: Callable[[], set[str]], why: str
) -> Reading:
    term = term if len(term) >= 2 else span
    if _SYMBOL.match(term) or not _CJK.search(term):
        return Reading(term, True, "", why="symbol")  # a formula's symbol ('所述T₁、T₂…')
    own = norm_name(term)
    if any(shortened(own, name) or (len(name) >= 2 and own.endswith(name)) for name in names()):
        return Reading(
            term, True, "", why="subject"
        )  # '所述双钙钛矿材料' for the claim's '…双钙钛矿黄光材料'
    joined = _coordinated(term, before, prefix)
    if joined:
        return Reading(term, True, joined, why="coordinated")
    opens_with_verb = _STEP_OPENING.match(span) is not None or _tags(span[:6])[0][1] == "v"
    if opens_with_verb and _paraphrased_step(term if len(term) >= 5 else span, before, prefix):
        return Reading(term, True, "", why="step")
    # '所述带有透水孔的内筒': the thing after 的 is the feature
    of = span.find("的")
    if opens_with_verb and 0 < of < len(span) - 2:
        thing = span[of + 1 :]
        stop = _TERM_STOP.search(thing, 2)
        thing = thing[: stop.start()] if stop else thing
        if (
            len(thing) >= 2
            and not _ATTRIBUTE.match(thing)
            and not thing.startswith("步骤")
            and _occurs(thing, before, prefix)
        ):
            return Reading(thing, True, thing, why="head after 的")
    # '所述用量的酸用稠化剂': the amount stated for something introduced
    m = _ATTRIBUTE.match(span)
    if m and m.end() == len(term) and span[m.end() : m.end() + 1] == "的":
        thing = span[m.end() + 1 :]
        if len(thing) >= 2 and _occurs(thing[:2], before, prefix):
            return Reading(term, True, thing[:2], why="attribute of")
    return Reading(term, False, nearest=_nearest(p, before, prefix) if p else "", why=why)


def chains_lacking(cache: ClaimSet, sets: SetText, number: int, anchor: str) -> dict[int, list[int]]:
    """For each claim that claim ``number`` cites, a chain of claims from it down to an independent claim in
    none of which ``anchor`` occurs, where a multiple dependency on the way allows such a reading."""
    by_number = cache.by_number
    claim = by_number.get(number)
    if claim is None:
        return {}
    order = sorted(cache.ancestors(number))
    if sum(len(by_number[a].cited) for a in order) > 5000:
        return {}  # a set of thousands of claims each citing all before it: not read chain by chain
    lacks: dict[int, list[int] | None] = {}
    for a in order:
        if anchor in sets.texts.get(a, ""):
            lacks[a] = None
            continue
        parents = [t for t in by_number[a].read_with if t < a and t in by_number]
        found = [a] if not parents else None
        for t in parents:
            below = lacks.get(t)
            if below is not None:
                found = [a, *below]
                break
        lacks[a] = found
    # '根据权利要求22所述的方法，当从属于权利要求17至19中的任一项时': claim 22 is read on 17-19 only
    conditions = [t for r in claim.references if r.kind == "condition" for t in r.targets if t in lacks]
    out: dict[int, list[int]] = {}
    for t in claim.read_with:
        chain = lacks.get(t) if t < number else None
        if chain is not None and conditions and t not in conditions:
            below = next((lacks[c] for c in conditions if lacks[c] is not None), None)
            chain = [t, *below] if below is not None else None
        if chain is not None:
            out[t] = chain
    return out


def chain_label(numbers: list[int]) -> str:
    """'1、3、5' — a run as '1–9' — and for more than six claims not in one run the first five and how many."""
    numbers = sorted(set(numbers))
    if not numbers:
        return "—"
    if len(numbers) <= 6 or numbers[-1] - numbers[0] == len(numbers) - 1:
        return nums(numbers)
    return "、".join(map(str, numbers[:5])) + f"…(+{len(numbers) - 5})"
