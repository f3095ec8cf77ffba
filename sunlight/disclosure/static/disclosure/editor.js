/* Rich-text editing of a document body: Quill (vendor/quill, vendored from npm by scripts/vendor_quill.sh)
 * over the form's HTML textarea, as progressive enhancement.
 *
 * - Without JavaScript, or when this file or Quill does not load, the textarea of HTML works as before.
 * - The textarea stays in the form (hidden) and receives the editor's HTML on every change and on submit;
 *   the server still cleans it with the nh3 sanitiser (sunlight/disclosure/sanitize.py).
 * - A body with markup the editor cannot keep (tables, images, figures) stays in the textarea rather than
 *   lose content; a note says why.
 * - No inline script and no eval: the page loads this file and quill.js from static files (CSP script-src 'self').
 */
(function () {
  "use strict";

  var TOOLBAR = [[{ header: [2, 3, false] }], ["bold", "italic", "underline"], [{ list: "ordered" }, { list: "bullet" }], ["blockquote", "link"], ["clean"]];
  // Quill names its toolbar controls in English; the workbench speaks Chinese.
  var LABELS = {
    bold: "加粗", italic: "斜体", underline: "下划线", link: "插入链接", clean: "清除格式", blockquote: "引用",
    "list: ordered": "编号列表", "list: bullet": "项目符号列表", header: "段落样式",
  };
  var KEEPS_OUT = "table, img, figure, iframe, video, pre";

  function labelControls(holder) {
    Array.prototype.forEach.call(holder.querySelectorAll(".ql-toolbar button, .ql-toolbar .ql-picker-label"), function (el) {
      var name = el.getAttribute("aria-label") || "";
      if (!name && el.closest(".ql-header")) name = "header";
      if (LABELS[name]) el.setAttribute("aria-label", LABELS[name]);
    });
    var toolbar = holder.querySelector(".ql-toolbar");
    if (toolbar) {
      toolbar.setAttribute("role", "toolbar");
      toolbar.setAttribute("aria-label", "正文格式");
    }
  }

  function note(textarea, text) {
    var p = document.createElement("p");
    p.className = "help";
    p.textContent = text;
    textarea.parentNode.insertBefore(p, textarea.nextSibling);
  }

  function enhance(textarea) {
    if (typeof window.Quill !== "function" || textarea.dataset.richEditorReady) return;
    textarea.dataset.richEditorReady = "1";
    var probe = document.createElement("template");
    probe.innerHTML = textarea.value;
    if (probe.content.querySelector(KEEPS_OUT)) {
      note(textarea, "正文含有表格、图片等格式，编辑器无法完整保留，请直接修改 HTML。");
      return;
    }

    var holder = document.createElement("div");
    holder.className = "rich-editor";
    var area = document.createElement("div");
    holder.appendChild(area);
    textarea.parentNode.insertBefore(holder, textarea.nextSibling);

    var quill = new window.Quill(area, { theme: "snow", modules: { toolbar: TOOLBAR } });
    quill.setContents(quill.clipboard.convert({ html: textarea.value }), "silent");
    textarea.hidden = true;
    labelControls(holder);

    // The editing area is named by the field's label, and a click on the label lands in the editor.
    var label = textarea.id ? document.querySelector('label[for="' + textarea.id + '"]') : null;
    quill.root.setAttribute("role", "textbox");
    quill.root.setAttribute("aria-multiline", "true");
    if (label) {
      if (!label.id) label.id = textarea.id + "-label";
      quill.root.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", function () {
        quill.focus();
      });
    }
    var described = textarea.getAttribute("aria-describedby");
    if (described) quill.root.setAttribute("aria-describedby", described);

    function sync() {
      textarea.value = quill.getText().trim() ? quill.getSemanticHTML() : "";
    }
    quill.on("text-change", sync);
    if (textarea.form) textarea.form.addEventListener("submit", sync);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-rich-editor]"), enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
