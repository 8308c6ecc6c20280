/* Behaviour that pages declare with data attributes, so that no template carries inline script or
   event handlers (the Content-Security-Policy allows scripts from our own files only).
   - <button data-remove-row>: removes the table row it sits in (rows of a form being built). */
(function () {
    "use strict";
    document.addEventListener("click", function (event) {
        var button = event.target.closest("[data-remove-row]");
        if (button) {
            var row = button.closest("tr");
            if (row) {
                row.remove();
            }
        }
    });
})();
