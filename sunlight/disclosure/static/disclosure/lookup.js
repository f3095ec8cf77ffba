/* Document lookup (索引号 autocomplete): the WAI-ARIA 1.2 combobox pattern over options that htmx fetches.
 *
 * The input and its listbox are rendered by disclosure/widgets/document_lookup.html; htmx fills the listbox
 * from the lookup endpoint as the user types. This file adds the keyboard and the choice: ArrowDown/ArrowUp
 * move through the options, Enter picks one (without submitting the form), Escape closes the list, a click
 * picks too. The chosen document's 索引号 becomes the field's value. Without this file the field is a plain
 * text input for a 索引号. No inline script: loaded from static files (Content-Security-Policy).
 */
(function () {
  "use strict";

  function options(list) {
    return Array.prototype.slice.call(list.querySelectorAll('[role="option"]:not([aria-disabled="true"])'));
  }

  function setup(box) {
    var input = box.querySelector('[role="combobox"]');
    var list = box.querySelector('[role="listbox"]');
    var status = box.querySelector("[data-lookup-status]");
    if (!input || !list || box.dataset.lookupReady) return;
    box.dataset.lookupReady = "1";
    var active = -1;

    function open(show) {
      list.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) {
        active = -1;
        input.removeAttribute("aria-activedescendant");
      }
    }

    function highlight(index) {
      var items = options(list);
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function choose(item) {
      input.value = item.getAttribute("data-value");
      open(false);
      if (status) status.textContent = item.textContent.trim();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    // htmx fires afterSwap on its target, the listbox.
    list.addEventListener("htmx:afterSwap", function () {
      var count = options(list).length;
      open(list.children.length > 0);
      if (status) status.textContent = count ? count + " 个匹配文件，用上下方向键选择" : "没有匹配的文件";
    });
    input.addEventListener("keydown", function (event) {
      var visible = !list.hidden && options(list).length > 0;
      if (event.key === "ArrowDown" && visible) {
        event.preventDefault();
        highlight(active + 1);
      } else if (event.key === "ArrowUp" && visible) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && visible && active >= 0) {
        event.preventDefault();
        choose(options(list)[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        open(false);
      }
    });
    list.addEventListener("mousedown", function (event) {
      var item = event.target.closest('[role="option"]:not([aria-disabled="true"])');
      if (item) {
        event.preventDefault(); // keep the focus in the input
        choose(item);
      }
    });
    input.addEventListener("blur", function () {
      open(false);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-lookup]"), setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
