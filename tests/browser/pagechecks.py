"""In-page checks shared by the browser tests."""

# Elements whose box sticks out past the right edge of the viewport, except inside a scroll container
# (WCAG 1.4.10 lets data tables scroll in their own box) and visually-hidden-until-focused skip links.
OVERFLOWING_JS = """
() => {
  const limit = document.documentElement.clientWidth + 1;
  const inScroller = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.classList.contains('skip-link')) continue;
    if (r.right > limit && !inScroller(el)) {
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).trim().replace(/\\s+/g, '.') : ''} right=${Math.round(r.right)}`);
    }
  }
  return out;
}
"""


def sign_in(page, username: str, password: str) -> None:
    """Sign a staff member in through the workbench login form and wait until the workbench opens."""
    import re

    from playwright.sync_api import expect

    page.goto("/workbench/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).to_have_url(re.compile(r"/workbench/$"))


def sign_in_public(page, username: str, password: str) -> None:
    """Sign a citizen or company in through the portal's login form."""
    page.goto("/accounts/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录", exact=True).click()


def fill_request_form(page, description: str = "2025年义务教育阶段学校招生计划及划片范围") -> None:
    """Fill in the public application form (/requests/new) for 张三 asking 青溪区教育局, electronic and online."""
    page.get_by_label("受理机关").select_option(label="青溪区教育局")
    page.get_by_label("申请人类型").select_option(label="自然人")
    page.get_by_label("姓名或名称").fill("张三")
    page.get_by_label("证件号码").fill("110105199001010029")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("电子邮箱").fill("zhang@example.cn")
    page.get_by_label("所需政府信息的名称、文号或便于查询的其他特征性描述").fill(description)
    page.get_by_label("电子", exact=True).check()
    page.get_by_label("网上获取").check()
