from __future__ import annotations

import pytest

from govtext import split_sentences
from govtext.errors import InputError
from govtext.io import decode, read_text


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, "当前的位置: 首页 >> 宁波律师 >> 宁波动态"),
        (1, '宁波高质量发展的"栽树工程""首位工程"为何是它?'),
        (7, "2020年,六争攻坚、三年攀高行动交卷之年。"),
        (
            16,
            "以钉钉子精神抓好上级党委政府重大决策部署的落地落细,2019年56个省市县长项目,开工39个,落地率达71%,"
            "超额完成省下达的50%落地率目标,比2018年提高11个百分点;",
        ),
        (17, "小城镇环境综合整治三年行动圆满收官,获评省级样板39个。"),
        (50, "项目争速是实现高质量发展的主要抓手,"),
        (58, "只争朝夕,不负韶华!"),
        (59, "施惠芳表示,2020年宁波将:"),
        (60, "奋力开展项目争速大冲刺,锻造更加平稳、更具健康的发展态势;"),
        (67, "本站不承担任何争议和法律责任!"),
    ],
)
def test_ningbo_seed_splits(ningbo_text: str, index: int, expected: str) -> None:
    assert texts(ningbo_text)[index] == expected


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (1, "“六争攻坚”打造首位度城区"),
        (2, "2021年07月29日 08:08:45 来源: 绍兴日报"),
        (12, "“要拉高标杆找准目标,强势推进攻坚季行动。”"),
        (19, "“六争攻坚”中的第一个“争”就是整改争效。"),
        (33, "时不我待,昂扬奋进。"),
        (37, "标签: 越城区;"),
        (49, '凡注有"浙江在线"或电头为"浙江在线"的稿件,均为浙江在线独家版权所有,未经许可不得转载或镜像;'),
        (50, '授权转载必须注明来源为"浙江在线",并保留"浙江在线"的电头。'),
    ],
)
def test_yuecheng_seed_splits(yuecheng_text: str, index: int, expected: str) -> None:
    assert texts(yuecheng_text)[index] == expected


def test_seed_sentence_counts(ningbo_text: str, yuecheng_text: str) -> None:
    assert len(split_sentences(ningbo_text)) == 70
    assert len(split_sentences(yuecheng_text)) == 54


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他说：“好。”我们走。", ["他说：“好。”", "我们走。"]),
        ("「真的吗？」她问", ["「真的吗？」", "她问"]),
        ("（完）下一句。", ["（完）下一句。"]),
        ("句子！）后面", ["句子！）", "后面"]),
        ("Hello! World? 好", ["Hello!", "World?", "好"]),
        ("一；二;三", ["一；", "二;", "三"]),
        ("真的？！真的", ["真的？！", "真的"]),
        ("第一行\n第二行\r\n\r\n第三行", ["第一行", "第二行", "第三行"]),
        ("\u3000\u3000全角空格开头。\u00a0不间断空格\u00a0", ["全角空格开头。", "不间断空格"]),
        ("\ufeff带BOM的开头", ["带BOM的开头"]),
        ("。。。", ["。。。"]),
        ("", []),
        ("   \n\u3000 \n", []),
        ("没有标点", ["没有标点"]),
    ],
)
def test_split_rules(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_offsets_point_into_the_original(ningbo_text: str, yuecheng_text: str) -> None:
    for text in (ningbo_text, yuecheng_text, "  他说：“好。”\n\u3000再见！  "):
        sentences = split_sentences(text)
        assert sentences, "expected sentences"
        previous_end = 0
        for s in sentences:
            assert text[s.start : s.end] == s.text
            assert s.text == s.text.strip()
            assert s.start >= previous_end
            previous_end = s.end


def test_nothing_but_whitespace_and_separators_is_dropped(ningbo_text: str) -> None:
    kept = "".join(s.text for s in split_sentences(ningbo_text))
    assert "".join(kept.split()) == "".join(ningbo_text.split())


def test_split_rejects_non_strings() -> None:
    with pytest.raises(TypeError, match="needs a str"):
        split_sentences(None)  # type: ignore[arg-type]


def test_decode_handles_bom_and_names_bad_input(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert decode("\ufeff你好".encode()) == "你好"
    assert decode("你好".encode("gb18030"), encoding="gb18030") == "你好"
    with pytest.raises(InputError, match=r"a.txt:2: cannot decode as UTF-8"):
        decode("第一行\n".encode() + "第二行".encode("gb18030"), source="a.txt")
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\x00\x00", source="x.png")
    with pytest.raises(InputError, match="no such file"):
        read_text(str(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match="is a folder"):
        read_text(str(tmp_path))
