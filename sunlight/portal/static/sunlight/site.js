/* Behaviour that used to sit in inline handlers, kept here so the Content-Security-Policy can forbid inline script. */
"use strict";
document.addEventListener("click", function (event) {
  // <button class="print-button">: print the page (the receipt with its query code, a document).
  if (event.target instanceof Element && event.target.closest(".print-button")) {
    window.print();
  }
});
