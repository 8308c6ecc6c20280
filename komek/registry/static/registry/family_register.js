/* The one-page registration of a family (registry/family_register.html). Saving works without
   this file; it only adds two conveniences:
   - typing a member's IIN asks the registry who it is (a JSON lookup) and fills a known person's
     names, or says the person is new;
   - "Add a member" appends a member block in the page instead of sending the form. */
(function () {
    "use strict";

    function form() {
        return document.querySelector("form.family-register");
    }

    function setField(block, name, value) {
        var input = block.querySelector("[name$='-" + name + "']");
        if (input && value !== undefined && value !== null) {
            input.value = value;
        }
    }

    function lookup(input) {
        var block = input.closest("[data-member-row]");
        var status = block ? block.querySelector("[data-lookup-status]") : null;
        var iin = input.value.trim();
        if (!status) {
            return;
        }
        status.classList.remove("found");
        if (!/^[0-9]{12}$/.test(iin)) {
            status.textContent = "";
            return;
        }
        var url = form().getAttribute("data-lookup-url") + "?iin=" + encodeURIComponent(iin);
        fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (response) { return response.json(); })
            .then(function (data) {
                status.textContent = data.error || data.message || "";
                if (data.found) {
                    status.classList.add("found");
                    ["surname", "name", "patronymic", "citizenship", "phone"].forEach(function (name) {
                        setField(block, name, data[name]);
                    });
                }
            })
            .catch(function () { status.textContent = ""; });
    }

    function addMember(event) {
        var template = document.getElementById("member-template");
        var total = document.getElementById("id_m-TOTAL_FORMS");
        var max = document.getElementById("id_m-MAX_NUM_FORMS");
        if (!template || !total) {
            return;  // the button then sends the form, and the page comes back with one more row
        }
        event.preventDefault();
        var index = parseInt(total.value, 10);
        if (max && index >= parseInt(max.value, 10)) {
            return;
        }
        var html = template.innerHTML.replace(/__prefix__/g, String(index));
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var block = holder.firstElementChild;
        var number = block.querySelector("[data-member-number]");
        if (number) {
            number.textContent = String(index + 1);
        }
        document.getElementById("member-blocks").appendChild(block);
        total.value = String(index + 1);
        var first = block.querySelector("input[data-iin]");
        if (first) {
            first.focus();
        }
    }

    document.addEventListener("change", function (event) {
        if (event.target.matches && event.target.matches("form.family-register input[data-iin]")) {
            lookup(event.target);
        }
    });
    document.addEventListener("input", function (event) {
        var t = event.target;
        if (t.matches && t.matches("form.family-register input[data-iin]") && t.value.trim().length === 12) {
            lookup(t);
        }
    });
    document.addEventListener("click", function (event) {
        var button = event.target.closest && event.target.closest("form.family-register [data-add-member]");
        if (button) {
            addMember(event);
        }
    });
})();
