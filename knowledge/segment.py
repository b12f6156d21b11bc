"""Chinese word segmentation shared by the index, retrieval and the NLU dictionary.

SQLite FTS5 does not segment Chinese, so text is segmented with jieba (with the same
labour-law dictionary that Rasa's JiebaTokenizer loads) and indexed as space-separated
tokens.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

import jieba

from foundation.settings import ROOT

USER_DICT = ROOT / "nlu" / "jieba" / "labour_terms.txt"
STOPWORDS = frozenset(
    ["的", "了", "吗", "呢", "吧", "啊", "呀", "我", "你", "他", "她", "我们", "是", "在", "有", "和", "就", "都", "也", "还", "又", "被", "把", "给", "让", "这", "那", "个", "么", "什么", "怎么", "怎么办", "请问", "请", "问", "一下", "能", "可以", "会", "要", "想", "没有", "没", "不", "说", "知道", "现在", "已经", "这个", "那个", "如果", "就是", "但是", "可是", "然后", "嘛", "哦", "啦", "么", "呗", "咋", "咋办", "啥"]
)
_TOKEN = re.compile(r"[\w]+", re.UNICODE)
_lock = threading.Lock()
_ready = False


def _init() -> None:
    global _ready
    with _lock:
        if not _ready:
            jieba.setLogLevel(logging.WARNING)
            if USER_DICT.exists():
                jieba.load_userdict(str(USER_DICT))
            _ready = True


@lru_cache(maxsize=20000)
def tokens(text: str) -> tuple[str, ...]:
    """Content words of `text`, lower-cased, without stop words or punctuation."""
    _init()
    words = (w.strip().lower() for w in jieba.cut_for_search(text))
    return tuple(w for w in words if w and _TOKEN.fullmatch(w) and w not in STOPWORDS)


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def bigrams(text: str) -> tuple[str, ...]:
    """Overlapping character pairs of each Chinese run: 拖欠工资 -> 拖欠 欠工 工资.

    Workers' wording varies and jieba splits unknown words differently, but short
    character pairs still overlap, so they are indexed beside the words."""
    pairs: list[str] = []
    for run in _CJK_RUN.findall(text):
        pairs.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tuple(pairs)


def index_terms(text: str) -> tuple[str, ...]:
    """Words plus character bigrams: what BM25 indexes and matches."""
    return tuple(dict.fromkeys([*tokens(text), *(f"_{b}" for b in bigrams(text))]))


def segmented(text: str) -> str:
    """Index terms joined by spaces, the form stored in FTS5 columns."""
    return " ".join(index_terms(text))
