"""Traditional characters and colloquial numerals, mapped one character to one character (SPEC §3.2).

Reports are matched on a key in which both the message and every task word were mapped, so `走訪5`
matches the alias 走访 and `體檢` matches 体检. The table is deliberately small and explicit: the
characters of common campaign task words, counting units, numerals and the phrases the parser knows
(filler, days, approximations, running totals). A one-to-one mapping keeps positions in the key equal
to positions in the text, so what is quoted back is exactly what the user wrote. Pure: no I/O.
"""

from __future__ import annotations

# Pairs of (traditional, simplified); only characters whose simplified form differs.
_PAIRS = (
    "訪访體体檢检記记錄录種种傳传訓训樹树隨随調调問问幫帮掃扫淨净衛卫環环採采樣样發发資资簽签約约醫医師师"
    "貼贴報报訊讯戶户個个兩两萬万億亿貳贰陸陆點点負负來来餘余幾几計计總总與与們们經经謝谢繼继續续導导"
    "領领務务議议會会開开動动員员護护療疗藥药診诊對对戰战運运這这還还過过時时後后裡里裏里減减並并於于"
    "為为見见說说確确實实際际數数據据統统農农業业場场網网絡络電电話话視视聽听觀观擊击歸归區区縣县鄉乡鎮镇"
    "莊庄組组團团隊队黨党學学習习義义願愿車车輛辆廠厂齡龄殘残貧贫難难傷伤災灾險险節节慶庆圍围邊边線线認认"
    "證证讓让圖图書书張张條条頁页項项類类臺台號号單单雙双隻只間间棟栋層层畝亩處处聯联繫系係系關关題题況况"
    "狀状態态從从給给門门買买賣卖錢钱費费貸贷齊齐盡尽東东樂乐華华現现達达標标準准較较檔档結结讀读寫写"
    "參参昨昨晚晚誤误測测溫温症症殺杀蟲虫滅灭糧粮貨货稅税額额補补審审註注冊册參参課课紀纪"
)
# Colloquial numerals people type for small counts: 俩 (two), 仨 (three).
_COLLOQUIAL = {"俩": "两", "仨": "三"}

_TABLE: dict[str, str] = {
    **{_PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS), 2) if _PAIRS[i] != _PAIRS[i + 1]},
    **_COLLOQUIAL,
}
SIMPLIFY = str.maketrans(_TABLE)


def simplified(text: str) -> str:
    """The text with the mapped characters replaced; always the same length as `text`."""
    return text.translate(SIMPLIFY)
