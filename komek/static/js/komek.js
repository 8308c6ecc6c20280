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

/* - <input data-occupations="many" list="…">: several occupations separated by commas. The list the
     browser offers completes the last one: each suggestion is what is typed before the last comma
     followed by an occupation whose code ("2512 — Title") or title ("Title (2512)") starts with the
     word being typed, so that the browser's own matching of the whole value keeps it. */
(function () {
    "use strict";
    var originals = new WeakMap();
    function options(list) {
        if (!originals.has(list)) {
            originals.set(list, Array.prototype.map.call(list.options, function (o) { return o.value; }));
        }
        return originals.get(list);
    }
    document.addEventListener("input", function (event) {
        var input = event.target;
        if (!input.matches || !input.matches("input[data-occupations=many]")) {
            return;
        }
        var list = document.getElementById(input.getAttribute("list"));
        if (!list) {
            return;
        }
        var all = options(list);
        var cut = input.value.lastIndexOf(",");
        var before = cut < 0 ? "" : input.value.slice(0, cut + 1) + " ";
        var word = (cut < 0 ? input.value : input.value.slice(cut + 1)).trim().toLowerCase();
        var found = [];
        for (var i = 0; i < all.length && found.length < 30; i += 1) {
            var code = all[i].slice(0, 4);
            var title = all[i].slice(7);
            if (!before) {
                found.push(all[i]);
            } else if (/^[0-9]+$/.test(word) && code.indexOf(word) === 0) {
                found.push(before + all[i]);
            } else if (title.toLowerCase().indexOf(word) === 0) {
                found.push(before + title + " (" + code + ")");
            }
        }
        list.replaceChildren.apply(list, found.map(function (value) {
            var option = document.createElement("option");
            option.value = value;
            return option;
        }));
    });
})();
