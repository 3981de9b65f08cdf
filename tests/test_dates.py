"""Article dates (HTML metadata, datelines, file names) and trends over time (summarize --by)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pickle
from pathlib import Path

import pytest

import govtext
from govtext.cli import main
from govtext.dates import date_in_html, date_in_name, date_in_text, find_date, period_of
from govtext.report.summary import summarize

from .conftest import NINGBO_ARTICLE, YUECHENG_ARTICLE

D = dt.date


def test_both_seed_articles_get_their_published_dates_from_their_text(ningbo_text: str, yuecheng_text: str) -> None:
    assert date_in_text(ningbo_text) == D(2020, 1, 18)
    assert date_in_text(yuecheng_text) == D(2021, 7, 29)
    # with the file names hidden the dates still come from the text
    results = list(govtext.classify_many([("a", ningbo_text), ("b", yuecheng_text)]))
    assert [r.date for r in results] == [D(2020, 1, 18), D(2021, 7, 29)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("标题\n2021年07月29日 08:08:45 来源: 绍兴日报\n正文。", D(2021, 7, 29)),
        ("大律师网 时间:2020-01-18\n导读", D(2020, 1, 18)),
        ("标题\n2021-7-29\n正文", D(2021, 7, 29)),
        ("标题\n2021/07/29 10:00\n正文", D(2021, 7, 29)),
        ("标题\n二〇二一年七月二十九日\n正文", D(2021, 7, 29)),
        ("标题\n二〇一九年十二月三十一日 星期二\n正文", D(2019, 12, 31)),
        ("发布时间：2019.03.05", D(2019, 3, 5)),
        ("【发布日期】2018年1月2日", D(2018, 1, 2)),
        # impossible dates are refused
        ("发布日期：2021-02-30", None),
        ("时间:2021-13-01", None),
        ("时间:1800-01-01", None),
        # a date mentioned in a body sentence is not a publication date
        ("2021年7月1日，全市召开项目争速推进大会，部署下半年重点项目建设工作，要求各地各部门抓好落实。", None),
        # the publication line wins over a date in the body above or below it
        (
            "标题\n2021年6月30日，全市召开推进大会，部署下半年重点项目建设工作。\n来源：宁波日报 2021-07-02\n",
            D(2021, 7, 2),
        ),
        ("标题\n来源：宁波日报 2021-07-02\n会议指出，2021年6月30日前完成。", D(2021, 7, 2)),
        ("没有日期的文章。\n第二段。", None),
    ],
)
def test_datelines(text: str, expected: D | None) -> None:
    assert date_in_text(text) == expected


def test_a_date_far_down_the_text_is_not_the_dateline() -> None:
    text = "标题\n" + "正文一句。\n" * 40 + "时间:2020-01-18\n"
    assert date_in_text(text) is None


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<meta property="article:published_time" content="2021-07-29T08:08:45+08:00">', D(2021, 7, 29)),
        ('<META NAME="PubDate" CONTENT="2020-01-18 09:30">', D(2020, 1, 18)),
        ('<meta name="publishdate" content="2019/3/5">', D(2019, 3, 5)),
        ('<meta itemprop="datePublished" content="2018-02-01">', D(2018, 2, 1)),
        ('<span itemprop="datePublished" content="2018-02-02">2月2日</span>', D(2018, 2, 2)),
        ('<p><time datetime="2020-05-04T10:00">5月4日</time></p>', D(2020, 5, 4)),
        # the published time wins over the modified time, whatever their order
        (
            '<meta property="article:modified_time" content="2022-01-01">'
            '<meta property="article:published_time" content="2021-12-31">',
            D(2021, 12, 31),
        ),
        ('<meta name="pubdate" content="2021-02-30">', None),
        ('<meta name="description" content="2021-07-29 的新闻">', None),
        ("<p>no metadata</p>", None),
    ],
)
def test_html_metadata(html: str, expected: D | None) -> None:
    assert date_in_html(html) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("archive/2021-07-29-news.txt", D(2021, 7, 29)),
        ("archive/news_2021_07_29.html", D(2021, 7, 29)),
        ("t20200118_123.html", D(2020, 1, 18)),
        ("2021-07-29/news.txt", None),  # the folder is not the file
        ("news-2021-02-30.txt", None),
        ("news-123456789.txt", None),
    ],
)
def test_file_names(name: str, expected: D | None) -> None:
    assert date_in_name(name) == expected


def test_order_of_sources_and_overrides() -> None:
    html = '<meta name="pubdate" content="2019-01-01">'
    text = "时间:2020-02-02\n正文。"
    name = "news-2021-03-03.txt"
    assert find_date(text, name, html=html) == D(2019, 1, 1)
    assert find_date(text, name) == D(2020, 2, 2)
    assert find_date("正文。", name) == D(2021, 3, 3)
    assert find_date(text, name, given=D(2018, 4, 4), html=html) == D(2018, 4, 4)
    assert find_date(text, name, html=html, source="text") == D(2020, 2, 2)
    assert find_date(text, name, html=html, source="name") == D(2021, 3, 3)
    assert find_date("正文。", name, source="meta") is None
    assert find_date(text, name, given=D(2018, 4, 4), source="none") is None
    with pytest.raises(ValueError, match="date source"):
        find_date(text, source="html")


def test_classify_many_takes_dates_from_the_caller_and_keeps_them_through_pickling() -> None:
    given = D(2022, 5, 6)
    results = list(
        govtext.classify_many(
            [("a", "时间:2020-01-18\n项目争速。", given), ("b", "今天天气晴。"), ("c", "时间:2020-01-18")]
        )
    )
    assert [r.date for r in results] == [given, None, D(2020, 1, 18)]
    assert pickle.loads(pickle.dumps(results[0])).date == given
    with pytest.raises(TypeError, match=r"datetime\.date"):
        list(govtext.classify_many([("a", "text", "2020-01-01")]))  # type: ignore[list-item]
    assert [r.date for r in govtext.classify_many([("a", "时间:2020-01-18")], date_from="none")] == [None]
    with pytest.raises(ValueError, match="date_from"):
        list(govtext.classify_many(["x"], date_from="sometimes"))


def test_html_file_date_comes_from_its_metadata(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta name="pubdate" content="2019-09-09"></head>'
        "<body><p>时间:2020-01-18</p><p>项目争速是主要抓手。</p></body></html>",
        encoding="utf-8",
    )
    assert [r.date for r in govtext.classify_many([page])] == [D(2019, 9, 9)]
    assert [r.date for r in govtext.classify_many([page], date_from="text")] == [D(2020, 1, 18)]


def test_every_output_format_carries_the_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = str(YUECHENG_ARTICLE)
    assert main(["classify", article, "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {row["date"] for row in rows} == {"2021-07-29"}
    assert main(["classify", article, "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {row["date"] for row in table} == {"2021-07-29"}
    assert main(["classify", article]) == 0
    assert "54 sentences, 2021-07-29 ==" in capsys.readouterr().out
    assert main(["classify", article, "--format", "html"]) == 0
    assert 'data-date="2021-07-29"' in capsys.readouterr().out
    assert main(["classify", article, "--format", "jsonl", "--date-from", "none"]) == 0
    assert {json.loads(line)["date"] for line in capsys.readouterr().out.splitlines()} == {None}
    assert main(["summarize", article, "-o", "-"]) == 0
    assert next(csv.DictReader(io.StringIO(capsys.readouterr().out)))["date"] == "2021-07-29"


def test_date_from_name_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "news-2019-05-05.txt"
    article.write_text("时间:2020-01-18\n项目争速是主要抓手。", encoding="utf-8")
    for source, expected in (("auto", "2020-01-18"), ("name", "2019-05-05"), ("meta", None)):
        assert main(["classify", str(article), "--format", "jsonl", "--date-from", source]) == 0
        assert json.loads(capsys.readouterr().out.splitlines()[0])["date"] == expected, source
    with pytest.raises(SystemExit) as exit_:
        main(["classify", str(article), "--date-from", "html"])
    assert exit_.value.code == 2
    assert "argument --date-from: invalid choice" in capsys.readouterr().err


# -- trends ----------------------------------------------------------------------------------
PROJECT = "全市新开工亿元以上产业项目86个，完成投资120亿元。"
PARTY = "各级党组织深入开展主题教育，加强基层党组织建设。"
WEATHER = "今天天气晴，气温二十度。"


@pytest.fixture(scope="module")
def dated_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve articles over 2020-2021 with a growing share of project sentences, plus an undated one."""
    folder = tmp_path_factory.mktemp("dated")
    for number, month in enumerate((1, 1, 2, 4, 5, 7, 8, 10, 11, 12)):
        year = 2020 if number < 6 else 2021
        projects = 1 + number // 3
        body = "\n".join([PROJECT] * projects + [PARTY] + [WEATHER] * (4 - projects % 4))
        (folder / f"a{number:02d}.txt").write_text(f"标题\n时间:{year}-{month:02d}-15\n{body}\n", encoding="utf-8")
    (folder / "undated.txt").write_text(f"标题\n{PROJECT}\n{WEATHER}\n", encoding="utf-8")
    return folder


def test_summarize_by_period(dated_folder: Path) -> None:
    results = [(r.source or "", r) for r in govtext.classify_many(sorted(dated_folder.glob("*.txt")))]
    by_month = summarize(results, by="month")
    assert [row.name for row in by_month.rows] == [
        "2020-01", "2020-02", "2020-04", "2020-05", "2020-07", "2021-08", "2021-10", "2021-11", "2021-12", "undated"
    ]  # fmt: skip
    assert by_month.rows[0].articles == 2 and by_month.rows[-1].articles == 1
    assert sum(row.articles for row in by_month.rows) == by_month.total.articles == 11
    assert sum(row.sentences for row in by_month.rows) == by_month.total.sentences == sum(len(r) for _, r in results)
    by_year = summarize(results, by="year")
    assert [(row.name, row.articles) for row in by_year.rows] == [("2020", 6), ("2021", 4), ("undated", 1)]
    first, second = by_year.rows[0], by_year.rows[1]
    assert second.shares["项目争速"] > first.shares["项目争速"]
    assert first.counts["项目争速"] == sum(1 + n // 3 for n in range(6))
    by_quarter = summarize(results, by="quarter")
    assert [row.name for row in by_quarter.rows][:3] == ["2020Q1", "2020Q2", "2020Q3"]
    assert by_quarter.records()[0][:3] == ["period", "articles", "sentences"]
    frame = by_quarter.to_frame()
    assert list(frame["period"])[-1] == "undated"
    assert frame["start"].iloc[0] == D(2020, 1, 1)
    assert frame["articles"].sum() == 11
    assert abs(frame["share_项目争速"].iloc[0] - by_quarter.rows[0].shares["项目争速"]) < 1e-12
    with pytest.raises(ValueError, match="by must be"):
        summarize(results, by="week")


def test_cli_summarize_by_year_csv_and_trend_plot(
    dated_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, png = tmp_path / "trend.csv", tmp_path / "trend.png"
    assert main(["summarize", str(dated_folder), "--by", "year", "-o", str(out), "--plot", str(png)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["period", "articles", "sentences"]
    assert [row[:2] for row in rows[1:]] == [["2020", "6"], ["2021", "4"], ["undated", "1"], ["TOTAL", "11"]]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["summarize", str(dated_folder), "--by", "month"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == ["period", "articles", "sentences"] and table[-2].split()[0] == "undated"


def test_trend_plot_draws_one_line_per_category_in_panels(dated_folder: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = [(r.source or "", r) for r in govtext.classify_many(sorted(dated_folder.glob("*.txt")))]
    summary = summarize(results, by="quarter")
    captured = []
    original = plt.close
    plt.close = lambda figure=None: captured.append(figure)  # type: ignore[assignment]
    try:
        summary.plot(tmp_path / "q.png")
    finally:
        plt.close = original
    figure = captured[0]
    panels = figure.axes
    assert len(panels) == 3  # six categories, at most four lines a panel, then 其他 alone
    assert [line.get_label() for line in panels[-1].get_lines()] == ["其他"]
    lines = [line for axes in panels for line in axes.get_lines()]
    assert sorted(line.get_label() for line in lines) == sorted(summary.labels)
    # told apart without colour: no two lines of a panel share dash pattern and marker
    for axes in panels:
        styles = [(line.get_linestyle(), line.get_marker()) for line in axes.get_lines()]
        assert len(set(styles)) == len(styles)
    assert len(lines[0].get_xdata()) == len(summary.rows) - 1  # the undated row is not drawn
    original(figure)


def test_trend_plot_of_undated_articles_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "x.txt"
    article.write_text("项目争速是主要抓手。", encoding="utf-8")
    png = tmp_path / "t.png"
    assert main(["summarize", str(article), "--by", "month", "--plot", str(png)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("govtext: error: nothing to plot: no article has a date") and err.count("\n") == 1
    assert "(see --date-from)" in err  # the API's date_from=... becomes the flag
    assert not png.exists()


def test_period_names() -> None:
    assert [period_of(D(2020, m, 1), "quarter") for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        "2020Q1", "2020Q1", "2020Q2", "2020Q2", "2020Q3", "2020Q3", "2020Q4", "2020Q4"
    ]  # fmt: skip


def test_seed_articles_summarized_by_month(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(NINGBO_ARTICLE), str(YUECHENG_ARTICLE), "--by", "month", "-o", "-"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [row[:3] for row in rows[1:]] == [["2020-01", "1", "70"], ["2021-07", "1", "54"], ["TOTAL", "2", "124"]]
