"""Rich-text bodies: what the cleaner keeps and strips, and the plain text screening offsets refer to."""

import pytest

from sunlight.disclosure.sanitize import clean_html, html_to_text

NOTICE = (
    "<h2>关于做好2025年度政府信息公开工作的通知</h2>"
    "<p>各区县人民政府，市政府各部门：</p>"
    "<p>为深入贯彻<strong>《中华人民共和国政府信息公开条例》</strong>，现就有关事项通知如下。</p>"
    "<h3>一、工作要求</h3>"
    "<ol><li>加强组织领导；</li><li>规范发布流程。</li></ol>"
    "<table><caption>联系方式</caption><thead><tr><th>单位</th><th>电话</th></tr></thead>"
    "<tbody><tr><td>市政府办公室</td><td>0591-87654321</td></tr></tbody></table>"
    '<p>详见<a href="https://www.example.gov.cn/zfxxgk/">政府信息公开专栏</a>。</p>'
)


# --- clean_html ---------------------------------------------------------------------------------


def test_script_and_style_are_removed_with_their_content():
    cleaned = clean_html("<p>通知</p><script>alert('x')</script><style>p{color:red}</style>")
    assert cleaned == "<p>通知</p>"


def test_iframes_objects_and_embeds_are_removed_with_their_content():
    cleaned = clean_html(
        '<p>正文</p><iframe src="https://evil.example/">后备</iframe><object data="x.swf">旧</object><embed src="x">'
    )
    assert cleaned == "<p>正文</p>"


def test_event_handler_and_style_attributes_are_stripped():
    cleaned = clean_html(
        '<p onclick="steal()" style="color:red" class="x" id="y">正文</p><img src="/a.png" onerror="alert(1)">'
    )
    assert cleaned == '<p>正文</p><img src="/a.png">'


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "vbscript:x",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_links_to_script_or_data_urls_lose_their_href(href):
    cleaned = clean_html(f'<a href="{href}">点击</a>')
    assert "href" not in cleaned and "点击" in cleaned


def test_links_keep_http_https_mailto_and_relative_targets_and_get_rel_noopener():
    cleaned = clean_html(
        '<a href="https://www.gov.cn/" title="中国政府网" target="_blank">中国政府网</a>'
        '<a href="mailto:gk@example.gov.cn">来信</a><a href="/disclosure/1/">上一篇</a>'
    )
    assert cleaned == (
        '<a href="https://www.gov.cn/" title="中国政府网" rel="noopener noreferrer">中国政府网</a>'
        '<a href="mailto:gk@example.gov.cn" rel="noopener noreferrer">来信</a>'
        '<a href="/disclosure/1/" rel="noopener noreferrer">上一篇</a>'
    )


def test_images_keep_http_and_relative_sources_but_not_data_or_mailto():
    cleaned = clean_html(
        '<img src="https://img.example.gov.cn/a.png" alt="现场照片" width="300" height="200">'
        '<img src="media/b.png" alt="图"><img src="data:image/png;base64,AAAA" alt="内嵌"><img src="mailto:a@b.cn">'
        '<img src="/c.png" width="expression(alert(1))">'
    )
    assert cleaned == (
        '<img src="https://img.example.gov.cn/a.png" alt="现场照片" width="300" height="200">'
        '<img src="media/b.png" alt="图"><img alt="内嵌"><img><img src="/c.png">'
    )


def test_the_allowed_markup_of_a_notice_is_kept_and_chinese_text_is_unchanged():
    cleaned = clean_html(NOTICE)
    for fragment in (
        "<h2>关于做好2025年度政府信息公开工作的通知</h2>",
        "<strong>《中华人民共和国政府信息公开条例》</strong>",
        "<h3>一、工作要求</h3>",
        "<ol><li>加强组织领导；</li>",
        "<caption>联系方式</caption>",
        "<th>单位</th>",
        "<td>0591-87654321</td>",
    ):
        assert fragment in cleaned


def test_table_cells_keep_colspan_and_rowspan():
    cleaned = clean_html('<table><tr><td colspan="2" rowspan="3" width="10" style="x">合计</td></tr></table>')
    assert cleaned == '<table><tbody><tr><td colspan="2" rowspan="3">合计</td></tr></tbody></table>'


def test_unknown_tags_are_dropped_but_their_text_kept():
    assert clean_html("<font color=red>重要</font><center>居中</center><h1>标题</h1>") == "重要居中标题"


def test_inline_formatting_and_structure_tags_from_the_list_are_kept():
    html = (
        "<p><b>粗</b><i>斜</i><em>强调</em><u>下划线</u><s>删除</s>H<sub>2</sub>O m<sup>2</sup>"
        "<span>片段</span><code>代码</code></p><blockquote>引文</blockquote><hr><pre>预格式</pre>"
        '<figure><img src="/a.png" alt="图"><figcaption>图注</figcaption></figure><div>块</div><h4>小标题</h4>'
        "<ul><li>项</li></ul>"
    )
    assert clean_html(html) == html


def test_comments_are_removed():
    assert clean_html("<p>正文<!-- 内部批注：张三 13812345678 --></p>") == "<p>正文</p>"


def test_empty_input_gives_empty_output():
    assert clean_html("") == "" and html_to_text("") == ""


# --- html_to_text -------------------------------------------------------------------------------


def test_plain_text_keeps_paragraph_breaks_and_list_and_table_lines():
    assert html_to_text(clean_html(NOTICE)) == (
        "关于做好2025年度政府信息公开工作的通知\n\n"
        "各区县人民政府，市政府各部门：\n\n"
        "为深入贯彻《中华人民共和国政府信息公开条例》，现就有关事项通知如下。\n\n"
        "一、工作要求\n\n"
        "加强组织领导；\n规范发布流程。\n\n"
        "联系方式\n单位\t电话\n市政府办公室\t0591-87654321\n\n"
        "详见政府信息公开专栏。"
    )


def test_entities_are_decoded():
    assert html_to_text("<p>A &amp; B &lt;C&gt; &quot;D&quot; &#20013;&#x6587; &copy;</p>") == 'A & B <C> "D" 中文 ©'


def test_whitespace_inside_a_line_is_collapsed_including_nbsp_and_ideographic_space():
    assert html_to_text("<p>\u3000\u3000第一条&nbsp;&nbsp; 为了\n   规范</p>") == "第一条 为了 规范"


def test_br_gives_a_line_break_and_empty_paragraphs_do_not_pile_up_blank_lines():
    assert (
        html_to_text("<p>第一行<br>第二行<br/><br></p><p></p><p>&nbsp;</p><p>第二段</p>") == "第一行\n第二行\n\n第二段"
    )


def test_inline_tags_do_not_break_words():
    assert html_to_text("<p>联系电话：<strong>138</strong>1234<em>5678</em></p>") == "联系电话：13812345678"


def test_script_and_style_content_never_reaches_the_text_even_uncleaned():
    assert html_to_text("<p>正文</p><script>var x = '13812345678';</script><style>p{}</style>") == "正文"


def test_pre_keeps_its_line_breaks():
    assert html_to_text("<pre>第一行\n第二行</pre>") == "第一行\n第二行"


def test_the_text_is_the_same_every_time():
    assert len({html_to_text(NOTICE) for _ in range(5)}) == 1


def test_text_of_cleaned_and_raw_html_agree_on_a_plain_body():
    assert html_to_text(clean_html(NOTICE)) == html_to_text(NOTICE)
